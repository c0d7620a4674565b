import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { commandOf, RECORD_FILE, settleLeftovers, writeRecord } from './run-record.ts'

/** A process that idles with `marker` in its command line, as the server and node have the data dir. */
function idler(marker: string): ChildProcess {
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', marker], { stdio: 'ignore' })
}

const exitOf = (child: ChildProcess) =>
  new Promise<NodeJS.Signals | number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode ?? child.signalCode)
    else child.once('exit', (code, signal) => resolve(code ?? signal))
  })

describe('what an earlier pnpm start left behind', () => {
  let dir: string
  const started: ChildProcess[] = []
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-start-record-'))
  })
  afterEach(async () => {
    for (const child of started.splice(0)) child.kill('SIGKILL')
    await rm(dir, { recursive: true, force: true })
  })

  it('is nothing when there is no record', async () => {
    expect(await settleLeftovers(dir)).toEqual({ stopped: [] })
  })

  it('stops children that outlived a killed start, and only processes of this data directory', async () => {
    const orphan = idler(join(dir, 'server'))
    const stranger = idler('not-the-data-dir')
    started.push(orphan, stranger)
    await new Promise((resolve) => setTimeout(resolve, 300))
    const dead = spawn(process.execPath, ['-e', '0'])
    await exitOf(dead)
    await writeRecord(dir, {
      start: dead.pid ?? 0,
      children: [
        { name: 'config-server', pid: orphan.pid ?? 0 },
        { name: 'engine-node', pid: stranger.pid ?? 0 },
      ],
    })
    expect(await settleLeftovers(dir, () => new Promise((r) => setTimeout(r, 50)))).toEqual({
      stopped: [`config-server (pid ${orphan.pid})`],
    })
    expect(await exitOf(orphan)).toBe('SIGTERM')
    expect(await commandOf(stranger.pid ?? 0)).toContain('not-the-data-dir')
    await expect(stat(join(dir, RECORD_FILE))).rejects.toThrow(/ENOENT/)
  })

  it('refuses while the start that wrote the record still runs', async () => {
    const start = idler('scripts/start.ts')
    started.push(start)
    await new Promise((resolve) => setTimeout(resolve, 300))
    await writeRecord(dir, { start: start.pid ?? 0, children: [] })
    expect(await settleLeftovers(dir)).toEqual({
      error: expect.stringContaining(
        `another pnpm start (pid ${start.pid}) is running with the data directory ${dir}`,
      ),
    })
  })
})
