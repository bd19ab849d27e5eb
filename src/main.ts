/**
 * Composition root: the one place that picks concrete implementations and starts a surface.
 */
import { access, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'

import { ApiError } from './model/errors.js'
import type { GatewayStore } from './pipeline/gateway-store.js'
import type { GatewayCliIo } from './surfaces/cli/cli-io.js'
import { runCli } from './surfaces/cli/cli-program.js'
import type { InitIo } from './surfaces/cli/init-command.js'

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

// The one place that picks a backend: `sqlite:PATH`, `sqlite::memory:` or `postgres://…`.
// The drivers load only when a command needs a database, so one-shot commands start fast.
async function openStore(url: string): Promise<GatewayStore> {
  if (url.startsWith('sqlite:')) {
    const { openSqliteStore } = await import('./storage/sqlite/open-sqlite-store.js')
    return openSqliteStore({ file: url.slice('sqlite:'.length) })
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { openPostgresStore } = await import('./storage/postgres/open-postgres-store.js')
    return openPostgresStore({ url })
  }
  return Promise.reject(
    new ApiError('input_invalid', `storage url \`${url}\`: expected sqlite: or postgres://`),
  )
}

function untilShutdown(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => {
      resolve()
    })
    process.once('SIGTERM', () => {
      resolve()
    })
  })
}

const io: InitIo & GatewayCliIo = {
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
  env: process.env,
  services: { openStore, untilShutdown },
  stderrIsTty: process.stderr.isTTY,
}

// `airlock … | head` closes the pipe early: that ends the output, it is no error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw error
  })
}

const exitCode = await runCli(process.argv.slice(2), io)
process.exitCode = exitCode
