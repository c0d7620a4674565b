import { access, cp, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { builtinRegistry, checkProject, environmentVariables, formatIssue } from '@sluice/assets'

/** The endpoints of the local stack's three servers, as the demo environment names them. */
export interface StackEndpoints {
  fauxqs: string
  kinesis: string
  standIn: string
}

/** The file of the demo environment, relative to the project. */
export const ENVIRONMENT_FILE = join('resources', 'environments', 'local.yaml')

/** The AWS resources of the demo and the stack's ports, read from its `local` environment. */
export interface DemoNames {
  buckets: { inbox: string; archive: string }
  queues: { orders: string; audit: string }
  topic: string
  stream: string
  bus: string
  /** The ports the environment's endpoints name: what a default `pnpm start` listens on. */
  ports: { fauxqs: number; kinesis: number; standIn: number }
}

/** The endpoint variables of the demo environment, by the part of the stack they point at. */
const ENDPOINT_KEYS = {
  fauxqs: 'FAUXQS_ENDPOINT',
  kinesis: 'KINESIS_ENDPOINT',
  standIn: 'STANDIN_ENDPOINT',
} as const

/**
 * Validates the demo project and reads the names it uses from its `local` environment; returns
 * every issue as `file: path: code: message` lines instead when it is not valid.
 */
export async function readDemo(
  dir: string,
): Promise<{ names: DemoNames; assets: number } | { error: string }> {
  const project = await checkProject(builtinRegistry, dir)
  if (project.error) return { error: project.error }
  if (project.issues.length > 0)
    return {
      error: [
        ...project.issues.map(formatIssue),
        `${dir} has ${project.issues.length} issues; fix them (pnpm sluice validate ${dir}) and start again`,
      ].join('\n'),
    }
  const vars = environmentVariables(project.assets, ['local'])
  const missing: string[] = []
  const need = (key: string): string => {
    const value = vars.get(key)
    if (value === undefined) missing.push(key)
    return value ?? ''
  }
  const portOf = (key: string) => {
    try {
      return Number(new URL(need(key)).port)
    } catch {
      return Number.NaN
    }
  }
  const names: DemoNames = {
    buckets: { inbox: need('INBOX_BUCKET'), archive: need('ARCHIVE_BUCKET') },
    queues: { orders: need('ORDERS_QUEUE'), audit: need('AUDIT_QUEUE') },
    topic: need('ORDER_TOPIC_ARN').split(':').at(-1) ?? '',
    stream: need('ORDER_STREAM'),
    bus: need('ORDER_BUS'),
    ports: {
      fauxqs: portOf(ENDPOINT_KEYS.fauxqs),
      kinesis: portOf(ENDPOINT_KEYS.kinesis),
      standIn: portOf(ENDPOINT_KEYS.standIn),
    },
  }
  if (missing.length > 0) return { error: `${join(dir, ENVIRONMENT_FILE)} lacks ${missing.join(', ')}` }
  const badPort = Object.entries(names.ports).find(([, port]) => !Number.isInteger(port) || port <= 0)
  if (badPort)
    return { error: `${join(dir, ENVIRONMENT_FILE)}: the ${badPort[0]} endpoint names no port of 127.0.0.1` }
  return { names, assets: project.assets.length }
}

/**
 * The demo as a project of its own in `target`, with the endpoints of this run's stack: copied
 * from `demo` on the first run (later runs keep the copy, and any edits made in it), and its
 * endpoint variables rewritten each run, since free ports change. The committed demo is never
 * touched.
 */
export async function demoCopy(demo: string, target: string, endpoints: StackEndpoints): Promise<string> {
  const exists = await access(target).then(
    () => true,
    () => false,
  )
  if (!exists) await cp(demo, target, { recursive: true })
  await pointAtStack(target, endpoints)
  return target
}

/** Rewrites the endpoint variables of a copy of the demo's `local` environment to `endpoints`. */
export async function pointAtStack(project: string, endpoints: StackEndpoints): Promise<void> {
  const file = join(project, ENVIRONMENT_FILE)
  let text = await readFile(file, 'utf8')
  const values: [string, string][] = [
    [ENDPOINT_KEYS.fauxqs, endpoints.fauxqs],
    [ENDPOINT_KEYS.kinesis, endpoints.kinesis],
    [ENDPOINT_KEYS.standIn, endpoints.standIn],
  ]
  for (const [key, endpoint] of values) {
    const line = new RegExp(`^(\\s*${key}:\\s*).*$`, 'm')
    if (!line.test(text)) throw new Error(`${file} has no ${key} line to point at the local stack`)
    text = text.replace(line, `$1${endpoint}`)
  }
  await writeFile(file, text)
}
