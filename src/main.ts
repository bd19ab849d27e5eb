/**
 * Composition root: the one place that picks concrete implementations and starts a surface.
 */
import { access, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'

import { runCli } from './surfaces/cli/cli-program.js'
import type { InitIo } from './surfaces/cli/init-command.js'

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

const io: InitIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFile(path, 'utf8'),
  readStdin,
  listFiles: (dir) => readdir(dir),
  cwd: process.cwd(),
  writeFile: (path, text) => writeFile(path, text, 'utf8'),
  mkdir: async (path) => {
    await mkdir(path, { recursive: true })
  },
  exists: (path) =>
    access(path).then(
      () => true,
      () => false,
    ),
}

const exitCode = await runCli(process.argv.slice(2), io)
process.exitCode = exitCode
