import type { GatewayStore } from '../../pipeline/gateway-store.js'

/** What the CLI needs from its process: output streams, files and standard input. */
export interface CliIo {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  readonly readFile: (path: string) => Promise<string>
  readonly readStdin: () => Promise<string>
  /** Names of a directory's entries; rejects with code `ENOENT` when it does not exist. */
  readonly listFiles: (dir: string) => Promise<string[]>
  readonly cwd: string
}

/** What running the gateway needs from the process: its database and a way to stop. */
export interface GatewayServices {
  /** Opens the store named by a storage URL (`sqlite:PATH`, `postgres://…`), migrated. */
  readonly openStore: (url: string) => Promise<GatewayStore>
  /** Resolves when the process is asked to stop (SIGINT, SIGTERM). */
  readonly untilShutdown: () => Promise<void>
}

/** The CLI's process, with what the gateway commands need besides files and streams. */
export interface GatewayCliIo extends CliIo {
  /** The process environment: `AIRLOCK_URL`, `AIRLOCK_TOKEN`. */
  readonly env?: Readonly<Record<string, string | undefined>>
  readonly services?: GatewayServices
  /** Whether standard error is a terminal, where status lines change in place. */
  readonly stderrIsTty?: boolean
}
