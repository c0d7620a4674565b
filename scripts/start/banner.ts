import { relative } from 'node:path'
import type { AdminPassword } from './admin-password.ts'
import type { StackEndpoints } from './project.ts'

/** What the banner shows once everything runs. */
export interface BannerFacts {
  url: string
  password: AdminPassword
  metricsUrl: string | undefined
  project: string
  /** True when the project is the committed demo itself (fixed ports). */
  projectIsDemo: boolean
  endpoints: { s3: string; kinesis: string; eventbridge: string }
  traffic: boolean
  dataDir: string
  readySeconds: number
}

/** A path as the user typed it: relative to `cwd` when it lies inside it. */
export function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path)
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel
}

/**
 * The lines `pnpm start` prints when the editor is ready. The first line, `Sluice is running`, and
 * the `Editor` and `Sign in` lines are what scripts and tests look for; keep their shape.
 */
export function banner(facts: BannerFacts, cwd: string): string {
  const where =
    facts.password.source === 'file' && facts.password.file !== undefined
      ? `generated once, kept in ${shown(facts.password.file, cwd)}; SLUICE_ADMIN_PASSWORD overrides it`
      : 'from SLUICE_ADMIN_PASSWORD'
  const rows: [string, string][] = [
    ['Editor', facts.url],
    ['Sign in', `admin / ${facts.password.password}`],
    ['', `(${where})`],
    ['Operations', `${facts.url}/operations`],
    ['Metrics', facts.metricsUrl ?? 'not serving (see the engine node log)'],
    [
      'Project',
      `${shown(facts.project, cwd)}${facts.projectIsDemo ? ' (the editor saves here; git diff shows your changes)' : ''}`,
    ],
    ['Local AWS', `S3/SQS/SNS ${facts.endpoints.s3}  Kinesis ${facts.endpoints.kinesis}`],
    ['', `EventBridge/STS ${facts.endpoints.eventbridge}`],
    [
      'Traffic',
      facts.traffic ? 'an order every second, an invoice file every 20 s' : 'off (SLUICE_START_TRAFFIC=0)',
    ],
    ['Logs', `${shown(facts.dataDir, cwd)}/logs/`],
  ]
  return [
    '',
    `Sluice is running (ready in ${facts.readySeconds.toFixed(1)} s)`,
    '',
    ...rows.map(([label, value]) => `  ${label.padEnd(11)} ${value}`),
    '',
    'Press Ctrl-C to stop everything.',
    '',
  ].join('\n')
}

/** What a script or test reads back from the banner in `pnpm start`'s output. */
export interface BannerReading {
  url: string
  password: string
  metricsUrl: string | undefined
  endpoints: StackEndpoints
}

/** Reads the banner back from `pnpm start`'s output; undefined until it has been printed. */
export function readBanner(output: string): BannerReading | undefined {
  if (!output.includes('Sluice is running')) return undefined
  const line = (pattern: RegExp) => pattern.exec(output)?.slice(1) ?? []
  const [url] = line(/^ {2}Editor +(http:\/\/\S+)$/m)
  const [password] = line(/^ {2}Sign in +admin \/ (\S+)$/m)
  const [metricsUrl] = line(/^ {2}Metrics +(http:\/\/\S+)$/m)
  const [fauxqs, kinesis] = line(/^ {2}Local AWS +S3\/SQS\/SNS (\S+) +Kinesis (\S+)$/m)
  const [standIn] = line(/^ +EventBridge\/STS (\S+)$/m)
  if (!url || !password || !fauxqs || !kinesis || !standIn) return undefined
  return { url, password, metricsUrl, endpoints: { fauxqs, kinesis, standIn } }
}
