/**
 * Composition root: the one place that picks concrete implementations and starts a surface.
 */
import { readFile } from 'node:fs/promises'

import { runCli } from './surfaces/cli/cli-program.js'

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

const exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFile(path, 'utf8'),
  readStdin,
  cwd: process.cwd(),
})
process.exitCode = exitCode
