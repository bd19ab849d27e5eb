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
import type { CliIo } from './cli-io.js'
import { type EvalOptions, runEval } from './eval-command.js'
import { type InitOptions, runInit } from './init-command.js'
import { type PolicyOptions, runPolicyTest, runPolicyValidate } from './policy-command.js'

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
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok
  const program = new Command()
    .name('airlock')
    .description(
      'A change-control gateway between AI agents and production: every action is parsed into effects, judged and decided before it runs.',
    )
    .version(VERSION)
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
