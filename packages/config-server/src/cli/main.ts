import { resolve } from 'node:path'
import { createLogger } from '../logger.ts'
import { startServer } from '../server.ts'
import { parseServerArgs, USAGE } from './args.ts'

const args = parseServerArgs(process.argv.slice(2))
if ('error' in args) {
  process.stderr.write(`${args.error}\n\n${USAGE}\n`)
  process.exit(2)
}

const logger = createLogger({ level: args.logLevel })
const adminPassword = process.env.SLUICE_ADMIN_PASSWORD
const server = await startServer({
  projectDir: resolve(args.project),
  dataDir: resolve(args.data),
  host: args.host,
  port: args.port,
  logger,
  secureCookies: args.secureCookies,
  ...(args.cluster === undefined ? {} : { cluster: args.cluster }),
  ...(args.editor === undefined ? {} : { editorDir: resolve(args.editor) }),
  auth: {
    ...(adminPassword === undefined || adminPassword === '' ? {} : { adminPassword }),
    onGeneratedPassword: (username, password) =>
      process.stdout.write(
        `\nFirst start: created the user "${username}" with the password\n\n    ${password}\n\nIt is shown only this once; sign in and change it.\n\n`,
      ),
  },
}).catch((error: unknown) => {
  process.stderr.write(
    `sluice-server could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  )
  process.exit(1)
})
logger.info(
  { url: server.url, project: resolve(args.project), data: resolve(args.data) },
  'sluice-server listening',
)

let stopping = false
const stop = (signal: NodeJS.Signals) => {
  if (stopping) process.exit(1)
  stopping = true
  logger.info({ signal }, 'stopping')
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, 'stopping failed')
      process.exit(1)
    },
  )
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
