import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { vi } from 'vitest'

const root = join(import.meta.dirname, '..', '..', '..', '..', '..')
const main = join(import.meta.dirname, '..', '..', 'cli', 'main.ts')

/** A `sluice` CLI process started by a test. */
export interface SluiceProcess {
  readonly child: ChildProcess
  /** Resolves with the exit code, or the signal's name when it was killed. */
  readonly exited: Promise<number | string | null>
  /** Everything it wrote to stderr so far (logs and status lines). */
  stderr(): string
  /** The URL of its metrics server, once it has logged it (`--metrics-port 0`). */
  metricsUrl(): Promise<string>
  /** A counter of `/metrics` for the workflow, e.g. `sluice_workflow_out_total`. */
  metric(name: string): Promise<number>
}

/** Every `sluice` process started by {@link startSluice}, to kill by PID when a test ends. */
const started = new Set<ChildProcess>()

/** Starts `sluice <args>` (through tsx, from the repository root), capturing stderr. */
export function startSluice(args: readonly string[]): SluiceProcess {
  let stderr = ''
  const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  started.add(child)
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => {
      started.delete(child)
      resolve(code ?? signal)
    }),
  )
  const metricsUrl = () =>
    vi.waitFor(
      () => {
        const match = /"url":"(http:\/\/127\.0\.0\.1:\d+\/metrics)"/.exec(stderr)
        if (!match?.[1]) throw new Error(`no metrics server yet:\n${stderr}`)
        return match[1]
      },
      { timeout: 60_000, interval: 200 },
    )
  return {
    child,
    exited,
    stderr: () => stderr,
    metricsUrl,
    async metric(name) {
      const text = await (await fetch(await metricsUrl())).text()
      const match = new RegExp(`^${name}\\{[^}]*\\} (\\d+)`, 'm').exec(text)
      return Number(match?.[1] ?? 0)
    },
  }
}

/** Kills (SIGKILL, by PID) every `sluice` process a test started and left running. */
export function killStartedSluice(): void {
  for (const child of started)
    if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL')
  started.clear()
}
