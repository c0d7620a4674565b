import { type ChildProcess, spawn } from 'node:child_process'
import { ROOT } from '../packages/engine/src/system/children.ts'

const running = new Set<ChildProcess>()

/** SIGKILLs, by PID, every script {@link runScript} started that still runs. */
export function killRunning(): void {
  for (const child of running)
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null)
      process.kill(child.pid, 'SIGKILL')
}

/**
 * Runs a TypeScript script of the repository under `tsx` in a child process, its stderr (where the
 * benchmarks log progress) passed through. Resolves with its stdout; rejects if it exits non-zero.
 */
export function runScript(script: string, args: readonly string[]): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  running.add(child)
  let stdout = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code, signal) => {
      running.delete(child)
      if (code === 0) resolve(stdout)
      else reject(new Error(`${script} ${args.join(' ')} ended with ${signal ?? `exit code ${code}`}`))
    })
  })
}
