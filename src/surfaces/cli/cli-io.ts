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
