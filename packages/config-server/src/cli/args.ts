import { parseArgs } from 'node:util'

/** The options of `sluice-server`. */
export interface ServerArgs {
  project: string
  data: string
  host: string
  port: number
  editor?: string
  secureCookies: boolean
  logLevel: string
  /** Node protocol timings, when given (tests and demos shorten them). */
  cluster?: { heartbeatIntervalMs?: number; lateAfterMs?: number }
}

export const USAGE = `usage: sluice-server --project <dir> --data <dir> [--host 127.0.0.1] [--port 8080]
                     [--editor <dir>] [--secure-cookies] [--log-level info]
                     [--heartbeat-interval-ms 5000] [--late-after-ms 15000]

  --project <dir>     the project: a folder of asset YAML files (usually a git checkout)
  --data <dir>        server state: users, tokens, keys, audit trail, clusters, bundles
  --host <address>    address to listen on (default 127.0.0.1)
  --port <port>       port to listen on (default 8080; 0 picks a free one)
  --editor <dir>      the editor's static build (default packages/editor/dist, when built)
  --secure-cookies    mark the session cookie Secure (behind HTTPS)
  --log-level <lvl>   fatal, error, warn, info, debug or trace (default info)
  --heartbeat-interval-ms <ms>  how often engine nodes heartbeat (default 5000)
  --late-after-ms <ms>          a silent node is late after this, gone (its singleton leases
                                move) after twice this (default 3 heartbeat intervals)

On first start, the admin user is created with the password in SLUICE_ADMIN_PASSWORD, or a
generated one printed once.`

/** Parses the command line; returns a message instead of options when it is wrong. */
export function parseServerArgs(argv: readonly string[]): ServerArgs | { error: string } {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) }
  }
  const { project, data, host, port, editor, 'secure-cookies': secure, 'log-level': logLevel } = parsed.values
  if (project === undefined || data === undefined) return { error: '--project and --data are required' }
  const portNumber = Number(port ?? '8080')
  if (!Number.isInteger(portNumber) || portNumber < 0 || portNumber > 65_535)
    return { error: `--port must be a number from 0 to 65535, not "${port}"` }
  const heartbeat = parsed.values['heartbeat-interval-ms']
  const late = parsed.values['late-after-ms']
  const heartbeatIntervalMs = heartbeat === undefined ? undefined : Number(heartbeat)
  const lateAfterMs = late === undefined ? undefined : Number(late)
  for (const [flag, value] of [
    ['--heartbeat-interval-ms', heartbeatIntervalMs],
    ['--late-after-ms', lateAfterMs],
  ] as const)
    if (value !== undefined && (!Number.isInteger(value) || value < 100 || value > 3_600_000))
      return { error: `${flag} must be a whole number of milliseconds from 100 to 3600000` }
  const cluster = {
    ...(heartbeatIntervalMs === undefined ? {} : { heartbeatIntervalMs }),
    ...(lateAfterMs === undefined ? {} : { lateAfterMs }),
  }
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace']
  if (logLevel !== undefined && !levels.includes(logLevel))
    return { error: `--log-level must be one of ${levels.join(', ')}` }
  return {
    project,
    data,
    host: host ?? '127.0.0.1',
    port: portNumber,
    secureCookies: secure === true,
    logLevel: logLevel ?? 'info',
    ...(editor === undefined ? {} : { editor }),
    ...(Object.keys(cluster).length === 0 ? {} : { cluster }),
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      project: { type: 'string' },
      data: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      editor: { type: 'string' },
      'secure-cookies': { type: 'boolean' },
      'log-level': { type: 'string' },
      'heartbeat-interval-ms': { type: 'string' },
      'late-after-ms': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  })
}
