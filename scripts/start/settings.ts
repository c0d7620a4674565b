import { join, resolve } from 'node:path'

/** The repository root: `examples/`, `packages/` and the default data directory are found from it. */
export const ROOT = join(import.meta.dirname, '..', '..')

/** The demo project `pnpm start` serves and deploys. */
export const DEMO_DIR = join(ROOT, 'examples', 'demo')

/** The demo cluster's key pair; the engine node opens the demo's secrets with the private key. */
export const DEMO_KEYS = {
  private: join(ROOT, 'examples', 'demo-keys', 'demo-cluster.key'),
  public: join(ROOT, 'examples', 'demo-keys', 'demo-cluster.pub'),
} as const

/** The fixed ports of a default `pnpm start`: the stack's come from the demo environment. */
export const FIXED_PORTS = { server: 8080, metrics: 9464 } as const

/** What `pnpm start` is told by its environment. */
export interface StartSettings {
  /** Where everything `pnpm start` keeps lives: server and node state, logs, the admin password. */
  dataDir: string
  /**
   * `fixed`: 8080 for the editor, 9464 for metrics, and the stack on the ports the demo environment
   * names (4566-4568), so the committed demo is served as it is. `free`: every port picked by the
   * system, and the demo copied into the data directory with this run's endpoints (tests use it).
   */
  ports: 'fixed' | 'free'
  /** Whether an order a second and an invoice file every 20 s keep arriving. */
  traffic: boolean
  /** The admin password to use instead of the generated one. */
  adminPassword?: string
}

/** The environment variables `pnpm start` reads, for `pnpm start --help` (the quickstart lists them too). */
export const START_ENV = {
  SLUICE_START_PORTS: '0: free ports instead of 8080, 9464 and 4566-4568',
  SLUICE_START_DATA: 'the data directory (default .sluice-data in the repository)',
  SLUICE_START_TRAFFIC: '0: seed the demo once, then send nothing more',
  SLUICE_ADMIN_PASSWORD: 'the admin password (default: one generated once, kept in the data directory)',
} as const

/** What `pnpm start --help` prints. */
export function startHelp(): string {
  return [
    'usage: pnpm start',
    '',
    'Runs Sluice on this machine: the local AWS stack, the config server with examples/demo, one',
    'engine node, the demo deployed with gentle traffic; prints the editor URL and the admin login.',
    'Ctrl-C stops everything. Settings, from the environment:',
    '',
    ...Object.entries(START_ENV).map(([name, text]) => `  ${name.padEnd(22)} ${text}`),
    '',
  ].join('\n')
}

/** Reads the settings from `env`; a value it does not understand is an error naming the variable. */
export function startSettings(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): StartSettings | { error: string } {
  const ports = env.SLUICE_START_PORTS
  if (ports !== undefined && ports !== '' && ports !== '0')
    return { error: `SLUICE_START_PORTS must be 0 (free ports) or unset (the fixed ports), not "${ports}"` }
  const traffic = env.SLUICE_START_TRAFFIC
  if (traffic !== undefined && traffic !== '' && traffic !== '0' && traffic !== '1')
    return { error: `SLUICE_START_TRAFFIC must be 0 (no continuous traffic) or 1, not "${traffic}"` }
  const data = env.SLUICE_START_DATA
  const password = env.SLUICE_ADMIN_PASSWORD
  return {
    dataDir: data === undefined || data === '' ? join(ROOT, '.sluice-data') : resolve(cwd, data),
    ports: ports === '0' ? 'free' : 'fixed',
    traffic: traffic !== '0',
    ...(password === undefined || password === '' ? {} : { adminPassword: password }),
  }
}
