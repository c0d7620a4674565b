import { execFile, execFileSync } from 'node:child_process'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** The file in the data directory that names the processes of the running `pnpm start`. */
export const RECORD_FILE = 'start.pids.json'

/** The processes of one `pnpm start`: itself and its children, by PID. */
export interface RunRecord {
  start: number
  children: { name: string; pid: number }[]
}

/** The command line of a running process, or undefined when there is none with that PID. */
export function commandOf(pid: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('ps', ['-o', 'args=', '-p', String(pid)], { timeout: 5_000 }, (error, stdout) =>
      resolve(error || stdout.trim() === '' ? undefined : stdout.trim()),
    )
  })
}

/** Every running process whose command line mentions `text` (a data directory, a copy), as `pid args`. */
export function processesIn(text: string): string[] {
  const table = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
  return table
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.includes(text) && !/\bps -eo\b/.test(l))
}

function isRecord(value: unknown): value is RunRecord {
  if (typeof value !== 'object' || value === null) return false
  const children: unknown = Reflect.get(value, 'children')
  return (
    typeof Reflect.get(value, 'start') === 'number' &&
    Array.isArray(children) &&
    children.every(
      (c: unknown) =>
        typeof c === 'object' &&
        c !== null &&
        typeof Reflect.get(c, 'pid') === 'number' &&
        typeof Reflect.get(c, 'name') === 'string',
    )
  )
}

/** The record of the running (or last, if it was killed) `pnpm start`, if there is one. */
export async function readRecord(dataDir: string): Promise<RunRecord | undefined> {
  const text = await readFile(join(dataDir, RECORD_FILE), 'utf8').catch(() => undefined)
  if (text === undefined) return undefined
  try {
    const record: unknown = JSON.parse(text)
    return isRecord(record) ? record : undefined
  } catch {
    return undefined
  }
}

/** Writes the record of this run (replacing the last one). */
export async function writeRecord(dataDir: string, record: RunRecord): Promise<void> {
  await writeFile(join(dataDir, RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 })
}

/** Removes the record after a clean stop. */
export async function clearRecord(dataDir: string): Promise<void> {
  await rm(join(dataDir, RECORD_FILE), { force: true })
}

/**
 * Deals with what an earlier `pnpm start` with this data directory left: refuses when that start
 * is still running (its PID runs `start.ts`), and stops its children that outlived it (a start
 * killed with SIGKILL cannot stop them), recognised by PID and by the data directory in their
 * command line. Returns what it did, or an error message.
 */
export async function settleLeftovers(
  dataDir: string,
  wait: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<{ stopped: string[] } | { error: string }> {
  const record = await readRecord(dataDir)
  if (record === undefined) return { stopped: [] }
  if (record.start !== process.pid && (await commandOf(record.start))?.includes('start.ts'))
    return {
      error: `another pnpm start (pid ${record.start}) is running with the data directory ${dataDir}; stop it first (Ctrl-C in its terminal, or kill -INT ${record.start})`,
    }
  const left: { name: string; pid: number }[] = []
  for (const child of record.children) if ((await commandOf(child.pid))?.includes(dataDir)) left.push(child)
  for (const child of left) process.kill(child.pid, 'SIGTERM')
  for (let i = 0; i < 40 && left.length > 0; i++) {
    const running = await Promise.all(left.map(async (c) => (await commandOf(c.pid)) !== undefined))
    if (!running.some(Boolean)) break
    await wait(250)
  }
  for (const child of left)
    if ((await commandOf(child.pid))?.includes(dataDir)) process.kill(child.pid, 'SIGKILL')
  await clearRecord(dataDir)
  return { stopped: left.map((c) => `${c.name} (pid ${c.pid})`) }
}
