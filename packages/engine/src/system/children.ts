import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'

/** The repository root, where `tsx` resolves and child processes run. */
export const ROOT = join(import.meta.dirname, '..', '..', '..', '..')

const KEEP_CHARS = 400_000

/** A child process of a system test, with its output kept for assertions and diagnostics. */
export interface Child {
  readonly name: string
  readonly process: ChildProcess
  /** stdout and stderr as they came, the last 400,000 characters. */
  output(): string
  /** Resolves with the exit code (null after a signal) once the process has exited. */
  readonly exited: Promise<number | null>
  /** True once the process has exited. */
  hasExited(): boolean
}

/**
 * Starts TypeScript entry points under `tsx` as child processes and ends them all by PID: every
 * child a test starts goes through one `Children`, whose `killAll` runs in `afterAll`.
 * `detached` puts each child in a process group of its own, so a Ctrl-C in the terminal reaches
 * only the parent, which then stops its children in order (`pnpm start` does).
 */
export class Children {
  readonly #all = new Set<Child>()
  readonly #detached: boolean

  constructor(options: { detached?: boolean } = {}) {
    this.#detached = options.detached ?? false
  }

  /** Runs `script` (relative to the repository root) with `args`; `env` is added to this process's. */
  spawn(name: string, script: string, args: readonly string[], env: Record<string, string> = {}): Child {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, script), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: this.#detached,
    })
    let text = ''
    let exited = false
    const keep = (chunk: Buffer) => {
      text = (text + chunk.toString()).slice(-KEEP_CHARS)
    }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    const exit = new Promise<number | null>((resolve) => {
      child.once('exit', (code) => {
        exited = true
        resolve(code)
      })
    })
    const handle: Child = {
      name,
      process: child,
      output: () => text,
      exited: exit,
      hasExited: () => exited,
    }
    this.#all.add(handle)
    return handle
  }

  /** Sends `signal` to a child by its PID (if it still runs). */
  signal(child: Child, signal: NodeJS.Signals): void {
    if (child.hasExited() || child.process.pid === undefined) return
    process.kill(child.process.pid, signal)
  }

  /** Waits for a child to exit, at most `timeoutMs`; then SIGKILLs it. Returns its exit code. */
  async exitOf(child: Child, timeoutMs: number): Promise<number | null | 'killed'> {
    let timer: NodeJS.Timeout | undefined
    const limit = new Promise<'killed'>((resolve) => {
      timer = setTimeout(() => resolve('killed'), timeoutMs)
    })
    const code = await Promise.race([child.exited, limit])
    clearTimeout(timer)
    if (code === 'killed') {
      this.signal(child, 'SIGKILL')
      await child.exited
    }
    return code
  }

  /** SIGKILLs every child still running and waits (bounded) for each to exit. */
  async killAll(): Promise<void> {
    for (const child of this.#all) this.signal(child, 'SIGKILL')
    await Promise.all([...this.#all].map((child) => this.exitOf(child, 10_000)))
    this.#all.clear()
  }
}

/** Polls `check` every `everyMs` until it is true; throws naming `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  everyMs = 250,
): Promise<number> {
  const started = Date.now()
  for (;;) {
    if (await check()) return Date.now() - started
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
}
