import { type ChildProcess, spawn } from 'node:child_process'
import { processesIn } from '../start/run-record.ts'
import type { ShellBlock } from './blocks.ts'

/** How a block went. */
export interface BlockResult {
  block: ShellBlock
  status: 'passed' | 'failed' | 'not-run'
  ms: number
  /** Why it failed, or why it is not run. */
  message?: string
  /** The last of its output, when it failed. */
  output?: string
}

/** Time limits, in milliseconds; tests shorten them. */
export interface Limits {
  /** A plain block, from start to exit. */
  blockMs: number
  /** A long-running block, until its text appears. */
  untilMs: number
  /** A long-running block's processes, from SIGINT until they are all gone. */
  stopMs: number
}

export const LIMITS: Limits = { blockMs: 180_000, untilMs: 240_000, stopMs: 60_000 }

const KEEP = 200_000

/** A block's shell, in a process group of its own so it can be signalled as a whole. */
export class BlockProcess {
  readonly child: ChildProcess
  #output = ''
  readonly exited: Promise<number | null>

  constructor(code: string, cwd: string, env: NodeJS.ProcessEnv) {
    this.child = spawn('bash', ['-c', `set -euo pipefail\n${code}`], {
      cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const keep = (chunk: Buffer) => {
      this.#output = `${this.#output}${chunk.toString()}`.slice(-KEEP)
    }
    this.child.stdout?.on('data', keep)
    this.child.stderr?.on('data', keep)
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)))
  }

  output(): string {
    return this.#output
  }

  hasExited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null
  }

  /** Signals every process of the group (the shell and what it started), if any is left. */
  signal(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined) return
    try {
      process.kill(-this.child.pid, signal)
    } catch {
      // the group is gone
    }
  }

  /** True while any process of the group runs. */
  groupAlive(): boolean {
    if (this.child.pid === undefined) return false
    try {
      process.kill(-this.child.pid, 0)
      return true
    } catch {
      return false
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const started = Date.now()
  while (Date.now() - started < timeoutMs) {
    if (check()) return true
    await sleep(100)
  }
  return check()
}

/** Runs a plain block to its end; it passes when it exits 0 within the limit. */
export async function runPlain(
  block: ShellBlock,
  cwd: string,
  env: NodeJS.ProcessEnv,
  limits: Limits = LIMITS,
): Promise<BlockResult> {
  const started = Date.now()
  const run = new BlockProcess(block.code, cwd, env)
  const finished = await until(() => run.hasExited(), limits.blockMs)
  if (!finished) {
    run.signal('SIGKILL')
    await run.exited
    return fail(block, started, `did not finish within ${limits.blockMs / 1000} s`, run)
  }
  const code = await run.exited
  run.signal('SIGKILL')
  return code === 0 ? pass(block, started) : fail(block, started, `exit ${code}`, run)
}

/**
 * Starts a long-running block and waits until its output shows `text`. Returns the running block
 * (for `serve-until`, stopped later with {@link stopServed}) or the failure.
 */
export async function startUntil(
  block: ShellBlock,
  text: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  limits: Limits = LIMITS,
): Promise<{ run: BlockProcess; started: number } | BlockResult> {
  const started = Date.now()
  const run = new BlockProcess(block.code, cwd, env)
  const shown = await until(() => run.output().includes(text) || run.hasExited(), limits.untilMs)
  if (shown && run.output().includes(text)) return { run, started }
  run.signal('SIGKILL')
  await run.exited
  return fail(
    block,
    started,
    run.hasExited() && shown
      ? `exited (${run.child.exitCode}) before printing "${text}"`
      : `no "${text}" within ${limits.untilMs / 1000} s`,
    run,
  )
}

/** Stops a long-running block with SIGINT; it passes when its whole process group ends in time. */
export async function stopUntil(
  block: ShellBlock,
  running: { run: BlockProcess; started: number },
  limits: Limits = LIMITS,
): Promise<BlockResult> {
  running.run.signal('SIGINT')
  const ended = await until(() => !running.run.groupAlive(), limits.stopMs)
  if (ended) return pass(block, running.started)
  running.run.signal('SIGKILL')
  return fail(block, running.started, `still running ${limits.stopMs / 1000} s after SIGINT`, running.run)
}

/**
 * Stops the served block with SIGINT; it passes when every process mentioning `dir` (what it
 * started in their own process groups too) has ended in time. What is left is killed and named.
 */
export async function stopServed(
  block: ShellBlock,
  running: { run: BlockProcess; started: number },
  dir: string,
  limits: Limits = LIMITS,
): Promise<BlockResult> {
  running.run.signal('SIGINT')
  const ended = await until(() => !running.run.groupAlive() && processesIn(dir).length === 0, limits.stopMs)
  if (ended) return pass(block, running.started)
  const left = processesIn(dir)
  for (const line of left) {
    const pid = Number(line.split(' ')[0])
    if (Number.isInteger(pid) && pid > 0) process.kill(pid, 'SIGKILL')
  }
  running.run.signal('SIGKILL')
  return fail(block, running.started, `left running after SIGINT:\n${left.join('\n')}`, running.run)
}

function pass(block: ShellBlock, started: number): BlockResult {
  return { block, status: 'passed', ms: Date.now() - started }
}

function fail(block: ShellBlock, started: number, message: string, run: BlockProcess): BlockResult {
  return { block, status: 'failed', ms: Date.now() - started, message, output: run.output().slice(-4_000) }
}
