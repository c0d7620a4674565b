import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { bundle } from '../../src/build/bundle.ts'
import { ENGINE_NODE_FLAGS } from '../../src/build/node-flags.ts'

const benchDir = fileURLToPath(new URL('..', import.meta.url))
const PHASE_BUNDLE = fileURLToPath(new URL('../../dist/bench/phase.mjs', import.meta.url))
let phaseScript: Promise<string> | undefined

/** `engine/phase.ts` bundled into plain JavaScript, built once per bench run. */
function bundledPhase(): Promise<string> {
  phaseScript ??= bundle(`${benchDir}engine/phase.ts`, PHASE_BUNDLE).then((built) => built.outfile)
  return phaseScript
}

/** An emulator running in a child process of its own. */
export interface Emulator {
  readonly name: string
  readonly endpoint: string
  /** CPU seconds the process has used so far (user and system). */
  cpuSeconds(): number
  stop(): Promise<void>
}

async function firstLine(child: ChildProcess): Promise<string> {
  if (child.stdout === null) throw new Error('no stdout')
  for await (const line of createInterface({ input: child.stdout })) return line
  throw new Error('the process ended before it printed a line')
}

/** CPU seconds of a process, from `/proc/<pid>/stat` (fields 14 and 15, in clock ticks of 1/100 s). */
export function processCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return 0
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

/** Starts `bench/emulators/<name>.ts` and waits for the endpoint it prints. */
export async function startEmulator(name: 'fauxqs' | 'kinesalite'): Promise<Emulator> {
  const child = spawn(process.execPath, ['--import', 'tsx', `${benchDir}emulators/${name}.ts`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const parsed: unknown = JSON.parse(await firstLine(child))
  const endpoint =
    typeof parsed === 'object' && parsed !== null && 'endpoint' in parsed ? String(parsed.endpoint) : ''
  return {
    name,
    endpoint,
    cpuSeconds: () => processCpuSeconds(child.pid),
    async stop() {
      if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGTERM')
      await exited(child)
    },
  }
}

/**
 * Runs one phase in a fresh process of the bundled `engine/phase.ts`, with the Node flags engine
 * nodes run with, so its peak RSS is its own and no TypeScript loader adds to it; returns the JSON
 * line it prints.
 */
export async function runPhase(name: string, input: object): Promise<unknown> {
  const child = spawn(
    process.execPath,
    [...ENGINE_NODE_FLAGS, await bundledPhase(), name, JSON.stringify(input)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const line = await firstLine(child)
  await exited(child)
  if (child.exitCode !== 0) throw new Error(`phase ${name} exited with ${child.exitCode}`)
  return JSON.parse(line)
}
