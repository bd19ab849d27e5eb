import type { Command } from 'commander'

import type { GatewayCliIo } from './cli-io.js'
import { DEFAULT_GATEWAY_URL } from './gateway-client.js'
import type { HookOptions } from './hook-command.js'
import type { InstallHookOptions } from './install-hook-command.js'

const AGENTS = 'claude-code, codex, gemini-cli, cursor, copilot or kiro'

/** `airlock install-hook` and `airlock hook`: wiring agents' pre-tool hooks to the gateway. */
export function addHookCommands(
  program: Command,
  io: GatewayCliIo,
  setExit: (code: number) => void,
): void {
  program
    .command('install-hook')
    .summary("put airlock's pre-tool hook into an agent's settings (prints the diff)")
    .description(
      "Writes airlock's hook into the agent's settings file, merged with what is there: no other " +
        'key or hook is dropped, and running it again changes nothing. Prints a diff of the change. ' +
        'The hook runs `bin/airlock-hook AGENT` (by absolute path), which asks `airlock serve` ' +
        'before every tool call and blocks it when the gateway cannot be reached.\n\n' +
        'Files (in the project, or in HOME with --user):\n' +
        '  claude-code  .claude/settings.json\n' +
        '  codex        .codex/hooks.json\n' +
        '  gemini-cli   .gemini/settings.json\n' +
        '  cursor       .cursor/hooks.json\n' +
        '  copilot      .github/hooks/airlock.json (~/.copilot/hooks/airlock.json with --user)\n' +
        '  kiro         .kiro/hooks/airlock.json',
    )
    .argument('<agent>', AGENTS)
    .option('--project', 'the project in the current directory (the default)')
    .option('--user', "the user's settings in HOME")
    .option('--dry-run', 'print the diff only; write nothing')
    .option(
      '--http',
      `Claude Code only: an HTTP hook calling the gateway (--url, AIRLOCK_URL or ${DEFAULT_GATEWAY_URL}) instead of a command`,
    )
    .option('--url <url>', 'the gateway an HTTP hook calls')
    .option('--hook-command <command>', 'the command to install instead of bin/airlock-hook AGENT')
    .addHelpText(
      'after',
      '\nExamples:\n  airlock install-hook claude-code --dry-run\n  airlock install-hook claude-code --user --http --url http://127.0.0.1:8470\n' +
        '  airlock install-hook codex\n  airlock install-hook cursor --user\n\n' +
        "Then give the agent its token: export AIRLOCK_TOKEN=<the agent's token> (and AIRLOCK_URL).",
    )
    .action(async (agent: string, options: InstallHookOptions) => {
      const { runInstallHook } = await import('./install-hook-command.js')
      setExit(await runInstallHook(agent, options, io))
    })

  program
    .command('hook')
    .summary("answer one agent hook call: payload on stdin, the agent's answer out")
    .description(
      "Reads an agent's pre-tool hook payload on standard input, asks the gateway and answers in " +
        "the agent's protocol, with its exit code. The slower twin of bin/airlock-hook (a bash " +
        'script); it fails closed the same way: without AIRLOCK_TOKEN, or when the ' +
        'gateway is unreachable, slower than AIRLOCK_HOOK_TIMEOUT seconds (10) or answers with an ' +
        'error, the tool call is blocked (exit 2, the reason on standard error).',
    )
    .argument('<agent>', AGENTS)
    .option('--url <url>', `the gateway (default: AIRLOCK_URL or ${DEFAULT_GATEWAY_URL})`)
    .addHelpText(
      'after',
      '\nExample (.claude/settings.json):\n' +
        '  { "hooks": { "PreToolUse": [ { "matcher": "Bash|Write|Edit|mcp__.*",\n' +
        '      "hooks": [ { "type": "command", "command": "airlock hook claude-code", "onFailure": "block" } ] } ] } }\n' +
        '\nTry it:\n  echo \'{"hook_event_name":"PreToolUse","cwd":"/srv/app","tool_name":"Bash","tool_input":{"command":"ls"}}\' | AIRLOCK_TOKEN=… airlock hook claude-code',
    )
    .action(async (agent: string, options: HookOptions) => {
      const { runHook } = await import('./hook-command.js')
      setExit(await runHook(agent, options, io))
    })
}
