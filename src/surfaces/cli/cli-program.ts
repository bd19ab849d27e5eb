/**
 * @module surfaces/cli
 * The `airlock` command line: argv in, pipeline calls, text or JSON and an exit code out.
 * Imports model/ and pipeline/ only; it decides nothing itself.
 */
import { Command, CommanderError } from 'commander'

import { ApiError } from '../../model/errors.js'
import { prepareJudging } from '../../pipeline/judge-action.js'
import { type CheckOptions, runCheck } from './check-command.js'
import { EXIT, reportCliError } from './cli-error.js'
import type { GatewayCliIo } from './cli-io.js'
import type { DemoOptions } from './demo-command.js'
import { type EvalOptions, runEval } from './eval-command.js'
import type { ExecOptions } from './exec-command.js'
import { DEFAULT_GATEWAY_URL } from './gateway-client.js'
import {
  type AuditOptions,
  type FreezeOptions,
  type RequestsOptions,
  runAuditExportRemote,
  runAuditVerifyRemote,
  runFreeze,
  runRequests,
  runUnfreeze,
  runVote,
  type VoteOptions,
} from './gateway-commands.js'
import { addHookCommands } from './hook-commands.js'
import { type InitOptions, runInit } from './init-command.js'
import type { InventoryOptions, InventoryShowOptions } from './inventory-command.js'
import type { McpProxyOptions } from './mcp-proxy-command.js'
import type { PermissionsCertifyOptions, PermissionsReviewOptions } from './permissions-command.js'
import { type PolicyOptions, runPolicyTest, runPolicyValidate } from './policy-command.js'
import type { ReplayCommandOptions } from './replay-command.js'
import type { ReportOptions } from './report-command.js'
import type { ServeOptions } from './serve-command.js'
import type { SimulateOptions } from './simulate-command.js'

const VERSION = '0.1.0'

// The options that feed judging, shared by `check` and `eval`.
function withJudgingOptions(command: Command): Command {
  return command
    .option(
      '--tool-risks <file>',
      'YAML or JSON mapping `server/tool` (or `tool`) to the risk of your own MCP tools',
    )
    .option(
      '--config <file>',
      'decide with this airlock.yaml: its agents, environments and policies',
    )
    .option('--agent <id>', 'the agent proposing the action (required with --config)')
}

/**
 * Runs the `airlock` command line and returns its exit code: 0 success, 1 the decision was
 * `deny`, 2 a usage or input error.
 * @example
 * await runCli(['check', '--json', '--', 'rm -rf /'], io) // prints the judgement, returns 0
 */
export async function runCli(argv: readonly string[], io: GatewayCliIo): Promise<number> {
  let exitCode: number = EXIT.ok
  const program = new Command()
    .name('airlock')
    .description(
      'A change-control gateway between AI agents and production: every action is parsed into effects, judged and decided before it runs.',
    )
    .version(VERSION)
    // Lets `exec` keep the options that follow its command for the command itself.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run `airlock --help` for usage)')

  withJudgingOptions(
    program
      .command('check')
      .summary('judge one action: a shell command or an action document')
      .description(
        'Analyses one action and prints its risk, effects and decision, without running it.\n' +
          'Exit code 0 when the decision is allow or approve, 1 when it is deny, 2 on bad input.',
      )
      .argument('[command...]', 'the shell command, after `--` (one quoted string, or words)')
      .option(
        '--json',
        'print one JSON object: risk, opaque, decision, approvals, reasons, effects',
      )
      .option(
        '--action <file>',
        'judge an action document (JSON, corpus format) from a file, or `-` for standard input',
      )
      .option(
        '--cwd <dir>',
        'working directory the shell command would run in (default: the current one)',
      )
      .option('--env <name>', 'environment the action targets, e.g. prod, staging, dev')
      .option(
        '--explain',
        'also list the policies that decided, the shadow outcome and the environment',
      )
      .addHelpText(
        'after',
        '\nExamples:\n  airlock check -- rm -rf ./dist\n  airlock check --config airlock.yaml --agent claude --env prod --explain -- terraform destroy\n  airlock check --json --cwd /srv/app -- \'git push --force origin main\'\n  echo \'{"kind":"sql","dialect":"postgres","statement":"DROP TABLE users"}\' | airlock check --action -',
      ),
  ).action(async (words: string[], options: CheckOptions) => {
    await prepareJudging()
    exitCode = await runCheck(words, options, io)
  })

  withJudgingOptions(
    program
      .command('eval')
      .summary('judge every action of a JSON Lines file and score it against labels')
      .description(
        'Judges each line of a JSON Lines file of action documents (the corpus format). With labels,\n' +
          'prints recall over destructive and catastrophic items, the false-block rate over safe items\n' +
          'and exact-class accuracy. Malformed lines are reported with their line number (exit code 2).',
      )
      .argument('<file>', 'a .jsonl file, or `-` for standard input')
      .option('--json', 'print one JSON line per action, then a summary line')
      .option(
        '--kind <kind>',
        'only judge actions of this kind (shell, sql, terraform-plan, mcp, http)',
      )
      .addHelpText(
        'after',
        '\nExamples:\n  airlock eval examples/actions.jsonl\n  airlock eval ../shared/corpus/dev.jsonl --config examples/airlock.yaml --agent claude\n  airlock eval ../shared/corpus/dev.jsonl --json | tail -n 1',
      ),
  ).action(async (file: string, options: EvalOptions) => {
    await prepareJudging()
    exitCode = await runEval(file, options, io)
  })

  const policy = program
    .command('policy')
    .summary('validate and test the policies of a configuration')
    .description("Checks Cedar policies against airlock's schema, and runs policy test cases.")
  policy
    .command('validate')
    .summary('parse and schema-check every policy; problems as file:line:column')
    .option('--config <file>', 'the configuration whose policies to check', 'airlock.yaml')
    .action(async (options: PolicyOptions) => {
      exitCode = await runPolicyValidate(options, io)
    })
  policy
    .command('test')
    .summary('run YAML policy test cases (agent, action, environment → expected outcome)')
    .argument('<files...>', 'YAML files of test cases')
    .option('--config <file>', 'the configuration to test', 'airlock.yaml')
    .addHelpText(
      'after',
      '\nA test file is a list of cases:\n' +
        '  - name: an agent cannot destroy production on its own\n' +
        '    agent: claude\n' +
        '    environment: prod\n' +
        '    action: { kind: shell, command: terraform destroy -auto-approve, cwd: /srv/infra }\n' +
        '    given: { approvals: { count: 1, distinctHumans: 1, nonOperator: 0 } }\n' +
        '    expect: { decision: approve, approvals: 2 }\n' +
        '\nExample:\n  airlock policy test examples/policy-tests.yaml --config examples/airlock.yaml',
    )
    .action(async (files: string[], options: PolicyOptions) => {
      await prepareJudging()
      exitCode = await runPolicyTest(files, options, io)
    })

  program
    .command('init')
    .summary('write a commented starting airlock.yaml and a policies/ directory')
    .description(
      'Writes a commented starting configuration (airlock.yaml) and a policies/ directory with a ' +
        'README into the directory, then prints the next steps. An existing airlock.yaml is never ' +
        'replaced without --force (exit code 2).',
    )
    .option('--dir <dir>', 'directory to write into (default: the current one)')
    .option('--force', 'overwrite an existing airlock.yaml and policies/README.md')
    .addHelpText(
      'after',
      '\nExamples:\n  airlock init\n  airlock init --dir deploy/airlock --force',
    )
    .action(async (options: InitOptions) => {
      exitCode = await runInit(options, io)
    })

  const inventory = program
    .command('inventory')
    .summary('import and inspect the inventory twin used for impact simulation')
    .description(
      'Imports the `inventory:` sources of the configuration (Terraform/OpenTofu state, CloudFormation,\n' +
        'Kubernetes, hand-written YAML) into one snapshot, .airlock/inventory.json beside the\n' +
        'configuration, and shows or counts what it holds.',
    )
  inventory
    .command('import')
    .summary('read the configured sources and write .airlock/inventory.json')
    .description(
      'Reads every source under `inventory:` in the configuration, merges them (YAML annotations\n' +
        'applied, one environment resource at the root of each environment) and writes the snapshot.\n' +
        'Prints resources per environment and type, stateful and customer-facing counts, services,\n' +
        'objectives and every issue with its file and line. Exit code 2, and nothing written, when a\n' +
        'source or entry cannot be read.',
    )
    .option('--config <file>', 'the gateway configuration', 'airlock.yaml')
    .option('--json', 'print the summary and issues as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  airlock inventory import\n  airlock inventory import --config deploy/airlock.yaml --json\n' +
        '\nSources, in airlock.yaml:\n  inventory:\n' +
        '    - { kind: terraform-state, path: state/prod.json, environment: prod }    # terraform show -json\n' +
        '    - { kind: cloudformation, path: state/cost-prod.json, environment: prod } # aws cloudformation list-stack-resources\n' +
        '    - { kind: kubernetes, path: state/prod-k8s.json, environment: prod }      # kubectl get … -o json\n' +
        '    - { kind: yaml, path: inventory/services.yaml, environment: prod }       # see examples/inventory/services.yaml',
    )
    .action(async (options: InventoryOptions) => {
      const { runInventoryImport } = await import('./inventory-command.js')
      exitCode = await runInventoryImport(options, io)
    })
  inventory
    .command('show')
    .summary('print the snapshot as a tree: environment → stack or namespace → resources')
    .option('--config <file>', 'the gateway configuration', 'airlock.yaml')
    .option('--env <name>', 'only this environment')
    .option(
      '--type <type>',
      'only resources of this type, as a flat list (e.g. aws_db_instance, StatefulSet, service)',
    )
    .option('--json', 'print the resources as JSON')
    .addHelpText(
      'after',
      '\nEach resource shows its facts: stateful, no backup, customer-facing, service, rebuild time.\n' +
        '\nExamples:\n  airlock inventory show --env prod\n  airlock inventory show --type aws_db_instance --json',
    )
    .action(async (options: InventoryShowOptions) => {
      const { runInventoryShow } = await import('./inventory-command.js')
      exitCode = await runInventoryShow(options, io)
    })
  inventory
    .command('stats')
    .summary('count the snapshot per environment and type')
    .option('--config <file>', 'the gateway configuration', 'airlock.yaml')
    .option('--json', 'print the counts as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  airlock inventory stats\n  airlock inventory stats --json',
    )
    .action(async (options: InventoryOptions) => {
      const { runInventoryStats } = await import('./inventory-command.js')
      exitCode = await runInventoryStats(options, io)
    })

  program
    .command('simulate')
    .summary('what an action would cost against the inventory twin, and how it would be decided')
    .description(
      'Simulates one action, or a session of actions in order, against the inventory snapshot of\n' +
        'the configuration (`airlock inventory import` writes it): resources destroyed, replaced or\n' +
        'broken through containment and dependencies, data lost, services and customer-facing\n' +
        'endpoints broken, estimated restore time and error-budget burn. Deleting an environment and\n' +
        'creating it again in one session is judged as its destruction. Targets the twin does not\n' +
        'know are listed as unknown, never assumed harmless.',
    )
    .argument('[command...]', 'a shell command, after `--`')
    .option('--config <file>', 'the gateway configuration', 'airlock.yaml')
    .option(
      '--action <file>',
      'an action document (JSON); repeat for a session, in order',
      (file: string, files: string[]) => [...files, file],
      [] as string[],
    )
    .option('--plan <file>', 'a Terraform/OpenTofu plan (`terraform show -json plan.out`)')
    .option('--agent <id>', 'the proposing agent (default: the first in the configuration)')
    .option('--env <name>', 'the environment the action targets')
    .option('--cwd <dir>', 'working directory of the shell command (default: the current one)')
    .option('--json', 'print the decision and the impact report as JSON')
    .option(
      '--rehearse',
      'also rehearse: shell commands in a throwaway sandbox (no network, an overlay over the working directory), SQL in a rolled-back transaction',
    )
    .option(
      '--database-url <url>',
      'PostgreSQL to rehearse SQL against (password in PGPASSWORD, never in the URL)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  airlock simulate --config airlock.yaml -- aws cloudformation delete-stack --stack-name cost-prod\n' +
        '  airlock simulate --config airlock.yaml --rehearse --cwd /srv/app -- rm -rf data/\n' +
        '  airlock simulate --config airlock.yaml --plan plan.json --json\n' +
        '  airlock simulate --config airlock.yaml --action delete.json --action create.json',
    )
    .action(async (words: string[], options: SimulateOptions) => {
      await prepareJudging()
      const { runSimulate } = await import('./simulate-command.js')
      exitCode = await runSimulate(words, options, io)
    })

  addGatewayCommands(program, io, (code) => {
    exitCode = code
  })
  addReportCommands(program, io, (code) => {
    exitCode = code
  })
  addHookCommands(program, io, (code) => {
    exitCode = code
  })
  addPermissionsCommands(program, io, (code) => {
    exitCode = code
  })

  try {
    await program.parseAsync([...argv], { from: 'user' })
    return exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return EXIT.ok
      return EXIT.usage
    }
    if (error instanceof ApiError) return reportCliError(error, io)
    return reportCliError(error, io)
  }
}

const GATEWAY_HELP =
  `\nTalks to a running \`airlock serve\`: --url, else AIRLOCK_URL, else ${DEFAULT_GATEWAY_URL}.\n` +
  'Your token is read from AIRLOCK_TOKEN only, never from the command line.'

function withGatewayUrl(command: Command): Command {
  return command.option(
    '--url <url>',
    `the gateway (default: AIRLOCK_URL or ${DEFAULT_GATEWAY_URL})`,
  )
}

function withScope(command: Command): Command {
  return command
    .option('--agent <id>', 'only this agent')
    .option('--env <name>', 'only this environment')
    .option('--reason <text>', 'why (required; recorded in the audit)')
    .option('--json', 'print the answer as JSON')
}

// `serve` and the commands that speak to it.
function addGatewayCommands(program: Command, io: GatewayCliIo, setExit: (code: number) => void) {
  program
    .command('serve')
    .summary('run the gateway: HTTP API, approvals, kill switch, velocity limits, audit')
    .description(
      'Runs the gateway daemon on the configuration: agents propose actions over HTTP, humans approve\n' +
        'or deny, freeze and unfreeze, and every step is written to the hash-chained audit first.\n' +
        'State lives in the configured storage (SQLite under .airlock/ by default, or PostgreSQL,\n' +
        'which several instances can share). Stops cleanly on SIGINT or SIGTERM.',
    )
    .option('--config <file>', 'the gateway configuration', 'airlock.yaml')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '8470')
    .option('--max-body <size>', 'largest request body accepted, e.g. 8m (default 8m)')
    .addHelpText(
      'after',
      '\nExamples:\n  airlock serve --config examples/airlock.yaml\n  airlock serve --config airlock.yaml --host 0.0.0.0 --port 8470\n' +
        '\nThen, as an agent:\n  curl -H "Authorization: Bearer $AGENT_TOKEN" -d \'{"kind":"shell","command":"ls"}\' http://127.0.0.1:8470/v1/actions',
    )
    .action(async (options: ServeOptions) => {
      // The server (hono, the gateway) loads only for the commands that need it.
      const { runServe } = await import('./serve-command.js')
      setExit(await runServe(options, io))
    })

  program
    .command('demo')
    .summary('replay the December 2025 outage against a real gateway, then approve or deny')
    .description(
      'Starts a gateway on SQLite with a demo configuration and the twin of the environment an\n' +
        'agent deleted and recreated in December 2025, then runs a scripted agent through\n' +
        '`airlock mcp-proxy` and `airlock exec`: reads are allowed, a harmless fix runs, deleting\n' +
        'and recreating the environment is held for two humans with its impact report, and a burst\n' +
        'of deletes trips the velocity limit. Prints the console link and the sign-in tokens of\n' +
        'two approvers, then keeps the gateway running until Ctrl-C (not with --no-wait, nor when\n' +
        '`CI` is set or the output is not a terminal). Exit code 3 when airlock did not do what the\n' +
        'story says, with what it did instead.',
    )
    .option('--wait', 'keep the gateway running after the story (the default on a terminal)')
    .option('--no-wait', 'tell the story, stop the gateway and exit')
    .option('--port <port>', 'port of the gateway (default 8470, or a free one when it is taken)')
    .option('--dir <dir>', 'an empty directory to work in (default: a new one under ~/.airlock/)')
    .addHelpText(
      'after',
      '\nExamples:\n  airlock demo\n  airlock demo --port 9000 --dir ./outage-replay\n  CI=1 airlock demo --no-wait',
    )
    .action(async (options: DemoOptions) => {
      const { runDemo } = await import('./demo-command.js')
      setExit(await runDemo(options, io))
    })

  withGatewayUrl(
    program
      .command('mcp-proxy')
      .summary('put airlock in front of an MCP server: the agent launches this instead of it')
      .description(
        'Starts the configured MCP server NAME and serves its tools over stdio, unchanged. Every\n' +
          'tools/call is proposed to the gateway as the calling agent (token from AIRLOCK_TOKEN) and\n' +
          'forwarded only when allowed; a denial is a tool error with the reasons, and a call that\n' +
          'needs humans waits for them in airlock. If the gateway cannot be reached, nothing runs.\n' +
          "The server gets its environment's secrets in its own process environment only.",
      )
      .requiredOption('--config <file>', 'the gateway configuration naming the server')
      .requiredOption('--server <name>', 'the server under `mcp.servers` to start and guard')
      .addHelpText(
        'after',
        `${GATEWAY_HELP}\n\nExample agent MCP configuration (.mcp.json, claude_desktop_config.json, …):\n` +
          '  {\n' +
          '    "mcpServers": {\n' +
          '      "files": {\n' +
          '        "command": "airlock",\n' +
          '        "args": ["mcp-proxy", "--config", "/etc/airlock/airlock.yaml", "--server", "files"],\n' +
          '        "env": { "AIRLOCK_URL": "http://127.0.0.1:8470", "AIRLOCK_TOKEN": "<the agent\'s token>" }\n' +
          '      }\n' +
          '    }\n' +
          '  }\n' +
          '\nwith, in airlock.yaml:\n' +
          '  mcp:\n' +
          '    servers:\n' +
          '      files: { command: npx, args: [-y, "@modelcontextprotocol/server-filesystem", /srv/app] }',
      ),
  ).action(async (options: McpProxyOptions) => {
    const { runMcpProxy } = await import('./mcp-proxy-command.js')
    setExit(await runMcpProxy(options, io))
  })

  withGatewayUrl(
    program
      .command('exec')
      .summary('run a command through the gateway, with credentials the agent never sees')
      .description(
        'Proposes the command as the calling agent (token from AIRLOCK_TOKEN). When it needs\n' +
          'approval, prints the request and its console link and waits, showing who approved so\n' +
          'far, up to --timeout. Then the gateway runs it in this directory with the credentials\n' +
          "of the environment injected into the command's process alone (configured under\n" +
          '`secrets:`), streams its output with those values masked, and records how it ended.\n' +
          'Without a grant redeemed for this exact command, nothing runs. Standard input is not\n' +
          'forwarded.\n\n' +
          "Exit codes: the command's own; 1 denied, refused or its request denied; 2 usage;\n" +
          '3 gateway unreachable or failed; 124 gave up waiting for approval.',
      )
      .argument(
        '<command...>',
        'the command and its arguments, after `--`; one argument is a whole command line',
      )
      .option('--env <name>', 'the environment it acts on, whose credentials it gets')
      .option('--timeout <duration>', 'how long to wait for approval, e.g. 90s, 15m, 2h', '15m')
      // Options after the command are the command's own: `exec -- kubectl get pods -n shop`.
      .passThroughOptions()
      .option('--rationale <text>', 'why, in a sentence: shown to the approvers and recorded')
      .addHelpText(
        'after',
        '\nExamples:\n' +
          '  airlock exec --env prod -- kubectl get pods -n shop\n' +
          '  airlock exec --env prod --rationale "drop the stale index" -- psql -c "DROP INDEX orders_old_idx"\n' +
          "  airlock exec --env staging -- 'terraform plan -out=plan.bin && terraform apply plan.bin'",
      )
      .action(async (words: string[], options: ExecOptions) => {
        const { runExec } = await import('./exec-command.js')
        setExit(await runExec(words, options, io))
      }),
  )

  withGatewayUrl(
    program
      .command('requests')
      .summary('list approval requests (pending unless --status says otherwise)')
      .option('--status <status>', 'pending, approved, denied, expired or all', 'pending')
      .option('--json', 'print the requests as JSON')
      .addHelpText(
        'after',
        `${GATEWAY_HELP}\n\nExample:\n  AIRLOCK_TOKEN=… airlock requests --status all`,
      ),
  ).action(async (options: RequestsOptions) => {
    setExit(await runRequests(options, io))
  })

  for (const verdict of ['approve', 'deny'] as const) {
    withGatewayUrl(
      program
        .command(verdict)
        .summary(
          verdict === 'approve'
            ? 'approve a request (approvers only; never your own)'
            : 'deny a request: any deny ends it',
        )
        .argument('<id>', 'the request id (`req_…`), from `airlock requests`')
        .option('--comment <text>', 'a comment, recorded with your vote')
        .option('--json', 'print the answer as JSON')
        .addHelpText('after', GATEWAY_HELP),
    ).action(async (id: string, options: VoteOptions) => {
      setExit(await runVote(verdict, id, options, io))
    })
  }

  withScope(
    withGatewayUrl(
      program
        .command('freeze')
        .summary('pull the kill switch: globally, or for one agent or environment')
        .description(
          'Freezes everything (no --agent/--env), one environment or one agent. Under a freeze only\n' +
            'safe actions are allowed, on every gateway instance from the very next decision, and\n' +
            'grants not yet redeemed are voided. Any human may freeze; lifting needs breakglass.',
        )
        .addHelpText(
          'after',
          `${GATEWAY_HELP}\n\nExamples:\n  airlock freeze --reason "incident 4711"\n  airlock freeze --env prod --reason "deploy freeze"\n  airlock freeze --agent claude --reason "looping on deletes"`,
        ),
    ),
  ).action(async (options: FreezeOptions) => {
    setExit(await runFreeze(options, io))
  })

  withScope(
    withGatewayUrl(
      program
        .command('unfreeze')
        .summary('lift a freeze of the same scope (needs the breakglass role)')
        .addHelpText(
          'after',
          `${GATEWAY_HELP}\n\nExample:\n  airlock unfreeze --env prod --reason "incident 4711 resolved"`,
        ),
    ),
  ).action(async (options: FreezeOptions) => {
    setExit(await runUnfreeze(options, io))
  })

  const audit = program
    .command('audit')
    .summary('verify or export the hash-chained audit')
    .description(
      'Works against a running gateway (--url, AIRLOCK_URL) or, with --config, directly on its\n' +
        'database, e.g. after a crash while the gateway is down.',
    )
  withGatewayUrl(
    audit
      .command('verify')
      .summary('check the chain; names the first record modified, deleted, inserted or reordered')
      .option('--config <file>', 'read the database of this configuration directly')
      .option('--json', 'print the result as JSON')
      .addHelpText('after', '\nExit code 0 when the chain is intact, 1 when it was tampered with.'),
  ).action(async (options: AuditOptions & { config?: string }) => {
    const { config } = options
    setExit(
      config === undefined
        ? await runAuditVerifyRemote(options, io)
        : await (
            await import('./serve-command.js')
          ).runAuditVerifyLocal({ ...options, config }, io),
    )
  })
  withGatewayUrl(
    audit
      .command('export')
      .summary('print every audit record as JSON lines, in chain order')
      .option('--format <format>', 'output format (jsonl)', 'jsonl')
      .option('--config <file>', 'read the database of this configuration directly'),
  ).action(async (options: AuditOptions & { config?: string }) => {
    if (options.format !== undefined && options.format !== 'jsonl') {
      throw new ApiError(
        'usage_invalid',
        `\`--format\`: only \`jsonl\` is supported, got \`${options.format}\``,
      )
    }
    const { config } = options
    setExit(
      config === undefined
        ? await runAuditExportRemote(options, io)
        : await (
            await import('./serve-command.js')
          ).runAuditExportLocal({ ...options, config }, io),
    )
  })
}

// `airlock permissions review|certify`: permission creep, read from the database directly.
function addPermissionsCommands(
  program: Command,
  io: GatewayCliIo,
  setExit: (code: number) => void,
) {
  const permissions = program
    .command('permissions')
    .summary("review agents' permissions against what they used, and re-certify them")
    .description(
      "Compares each agent's granted scope (and the permits that can apply to it) with what it\n" +
        "proposed over a window, from the audit in the configuration's database: grants never used,\n" +
        'growth since its last re-certification, always-allow exceptions, and a least-privilege Cedar\n' +
        'policy. Agents not re-certified within `permissions.reviewEvery` are flagged as overdue.',
    )
  permissions
    .command('review')
    .summary('granted against used per agent, with a least-privilege policy for each')
    .option('--config <file>', 'the gateway configuration', 'airlock.yaml')
    .option('--agent <id>', 'only this agent')
    .option('--since <duration>', 'the window of use to look at, e.g. 30d, 12h', '30d')
    .option('--json', 'print the reviews as JSON')
    .option('--out <dir>', 'write each proposed policy to DIR/<agent>.least-privilege.cedar')
    .addHelpText(
      'after',
      '\nExamples:\n  airlock permissions review --config airlock.yaml\n' +
        '  airlock permissions review --config airlock.yaml --agent claude --since 90d --json\n' +
        '  airlock permissions review --config airlock.yaml --out proposed/ && cp proposed/claude.least-privilege.cedar policies/\n' +
        '  airlock policy validate --config airlock.yaml',
    )
    .action(async (options: PermissionsReviewOptions) => {
      const { runPermissionsReview } = await import('./permissions-command.js')
      setExit(await runPermissionsReview(options, io))
    })
  permissions
    .command('certify')
    .summary("record in the audit that a human re-certified an agent's current permissions")
    .description(
      'Records a `permissions.reviewed` audit record: who re-certified which scope and permits of\n' +
        'the agent, and why. --as must be a configured human with the approver or admin role, and\n' +
        "not the agent's operator. Writes straight into the configuration's database, so whoever\n" +
        'can run it there is trusted to say who they are; with a running gateway, humans use\n' +
        '`POST /v1/agents/{id}/review` with their own token instead.',
    )
    .option('--config <file>', 'the gateway configuration', 'airlock.yaml')
    .requiredOption('--agent <id>', 'the agent whose permissions are re-certified')
    .requiredOption('--as <human>', 'the approver or admin re-certifying them')
    .requiredOption('--comment <text>', 'why they are still right (recorded in the audit)')
    .option('--json', 'print the recorded certification as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  airlock permissions certify --config airlock.yaml --agent claude --as bob --comment "reviewed: read-only policy added"',
    )
    .action(async (options: PermissionsCertifyOptions) => {
      const { runPermissionsCertify } = await import('./permissions-command.js')
      setExit(await runPermissionsCertify(options, io))
    })
}

// The options that choose recorded actions, shared by `report incident` and `replay`.
function withSelection(command: Command): Command {
  return command
    .option('--config <file>', "read this configuration's database directly", 'airlock.yaml')
    .option('--session <action-id>', "the requester's session containing this action")
    .option('--agent <id>', "only this agent's actions")
    .option('--env <name>', 'only actions in this environment')
    .option('--since <time>', 'from this ISO time, or this long ago (90m, 24h, 7d)')
    .option('--until <time>', 'up to this ISO time, or this long ago')
}

// `airlock report incident` and `airlock replay`: the record, read from the database directly.
function addReportCommands(program: Command, io: GatewayCliIo, setExit: (code: number) => void) {
  const report = program
    .command('report')
    .summary('incident reports from the audit')
    .description(
      "Reports read the configuration's database directly, so they work while the gateway is down.",
    )
  withSelection(
    report
      .command('incident')
      .summary('an incident report of a session, agent, environment or time window')
      .description(
        'Builds the standard incident report (Markdown, or JSON with --json; schema in\n' +
          'docs/incident-report.schema.json, `schemaVersion: 1`): summary, the timeline of every\n' +
          'proposal, decision, approval, freeze and execution, the agent, its operator and the\n' +
          'approvers, stated rationale next to what was attempted, estimated impact next to the\n' +
          'outcome, policy versions, deviations and the audit verification with its anchoring\n' +
          'hashes. It states only what the record shows. At least one selection option is needed;\n' +
          'they combine.',
      ),
  )
    .option('--json', 'print the report as JSON')
    .option('--out <file>', 'write the report to this file instead of standard output')
    .addHelpText(
      'after',
      '\nExamples:\n  airlock report incident --config airlock.yaml --session act_7f3a\n' +
        '  airlock report incident --config airlock.yaml --agent claude --since 24h --json --out incident.json\n' +
        '  airlock report incident --config airlock.yaml --env prod --since 2026-11-21T09:00:00Z --until 2026-11-21T22:00:00Z',
    )
    .action(async (options: ReportOptions) => {
      const { runReportIncident } = await import('./report-command.js')
      setExit(await runReportIncident(options, io))
    })
  report
    .command('schema')
    .summary('print the JSON Schema of the incident report')
    .addHelpText('after', '\nExample:\n  airlock report schema > incident-report.schema.json')
    .action(async () => {
      const { runReportSchema } = await import('./report-command.js')
      setExit(runReportSchema(io))
    })

  withSelection(
    program
      .command('replay')
      .summary("decide recorded actions again under today's (or given) policies and inventory")
      .description(
        'Re-analyses each recorded action (as recorded, secrets redacted) and decides it with the\n' +
          "configuration's policies, or those of --policies in their place, simulated against the\n" +
          'inventory snapshot (or --inventory), then shows where the decision differs from the one\n' +
          'recorded: the way to test a policy change against real history before enforcing it.\n' +
          'Approvals are not counted again; a recorded freeze or velocity breach is. Never writes\n' +
          'to the database. Exit code 0, or 1 with --fail-on-change when any decision differs (for CI).',
      ),
  )
    .option('--action <id>', 'replay this one recorded action')
    .option('--policies <paths...>', 'policy files or directories to decide with instead')
    .option('--inventory <file>', 'an inventory snapshot to simulate against instead')
    .option('--json', 'print the rows as JSON')
    .option('--fail-on-change', 'exit 1 when any decision differs from the recorded one')
    .addHelpText(
      'after',
      '\nExamples:\n  airlock replay --config airlock.yaml --action act_7f3a\n' +
        '  airlock replay --config airlock.yaml --agent claude --since 7d --policies policies-next/\n' +
        '  airlock replay --config airlock.yaml --session act_7f3a --inventory snapshot.json --json\n' +
        '\nIn CI, before merging a policy change:\n' +
        '  airlock replay --config prod/airlock.yaml --agent claude --since 30d --policies policies/ --fail-on-change',
    )
    .action(async (options: ReplayCommandOptions) => {
      await prepareJudging()
      const { runReplay } = await import('./replay-command.js')
      setExit(await runReplay(options, io))
    })
}
