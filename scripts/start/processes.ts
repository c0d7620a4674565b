import { createWriteStream, type WriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { type Child, Children } from '../../packages/engine/src/system/children.ts'
import { startConfigServer } from '../../packages/engine/src/system/config-server.ts'
import { NODE } from './cluster.ts'
import { clearRecord, writeRecord } from './run-record.ts'

/** How long each child may take to stop before it is killed, and the work between them. */
const STOP_MS = { node: 25_000, between: 5_000, server: 10_000 } as const

/** How often engine nodes heartbeat here: the operations view updates at this pace. */
export const HEARTBEAT_MS = 2_000

/**
 * The config server and the engine node of `pnpm start`, as child processes of their real CLIs in
 * process groups of their own: a Ctrl-C in the terminal reaches only `pnpm start`, which stops the
 * node first (it drains and tells the server) and the server after it. Their output goes to
 * `<data>/logs/*.log`; the PIDs to the run record, so a later start can clean up after a start
 * that was killed outright.
 */
export class StartProcesses {
  readonly #children = new Children({ detached: true })
  readonly #dataDir: string
  readonly #logs: WriteStream[] = []
  #recorded = false
  server: Child | undefined
  node: Child | undefined

  constructor(dataDir: string) {
    this.#dataDir = dataDir
  }

  /** Where a child's log goes. */
  logFile(name: string): string {
    return join(this.#dataDir, 'logs', `${name}.log`)
  }

  async #log(child: Child): Promise<void> {
    await mkdir(join(this.#dataDir, 'logs'), { recursive: true })
    const file = createWriteStream(this.logFile(child.name), { flags: 'a', mode: 0o600 })
    file.write(`\n--- ${new Date().toISOString()} pnpm start: ${child.name} pid ${child.process.pid} ---\n`)
    file.write(child.output())
    child.process.stdout?.pipe(file, { end: false })
    child.process.stderr?.pipe(file, { end: false })
    this.#logs.push(file)
    await this.#record()
  }

  async #record(): Promise<void> {
    this.#recorded = true
    await writeRecord(this.#dataDir, {
      start: process.pid,
      children: [this.server, this.node].flatMap((c) =>
        c?.process.pid === undefined ? [] : [{ name: c.name, pid: c.process.pid }],
      ),
    })
  }

  /** Starts `sluice-server` on `project` and waits until it listens; returns its URL. */
  async startServer(options: { project: string; port: number; adminPassword: string }): Promise<string> {
    const started = await startConfigServer(this.#children, {
      project: options.project,
      data: join(this.#dataDir, 'server'),
      port: options.port,
      heartbeatIntervalMs: HEARTBEAT_MS,
      lateAfterMs: 3 * HEARTBEAT_MS,
      adminPassword: options.adminPassword,
    })
    this.server = started.child
    await this.#log(started.child)
    return started.url
  }

  /** Starts `sluice engine` against `server` with the demo cluster key and the node token. */
  async startNode(options: {
    server: string
    token: string
    keyFile: string
    metricsPort: number
  }): Promise<void> {
    this.node = this.#children.spawn(
      'engine-node',
      'packages/engine/src/cli/main.ts',
      [
        'engine',
        '--server',
        options.server,
        '--cluster',
        NODE.cluster,
        '--roles',
        NODE.roles.join(','),
        '--node-id',
        NODE.id,
        '--data',
        join(this.#dataDir, 'node'),
        '--key',
        options.keyFile,
        '--metrics-port',
        String(options.metricsPort),
        '--drain-timeout',
        '10',
      ],
      { SLUICE_TOKEN: options.token },
    )
    await this.#log(this.node)
  }

  /** The port the node serves metrics on, once its log says so. */
  metricsPort(): number | undefined {
    const match = /serving metrics on \/metrics \{"port":(\d+)\}/.exec(this.node?.output() ?? '')
    return match?.[1] === undefined ? undefined : Number(match[1])
  }

  /** Resolves with the first child that exits, by name, and its exit code. */
  firstExit(): Promise<{ name: string; code: number | null }> {
    const running = [this.server, this.node].filter((c) => c !== undefined)
    return Promise.race(running.map((c) => c.exited.then((code) => ({ name: c.name, code }))))
  }

  /**
   * Stops the node (drain), runs `between` (at most 5 s; the server still answers), then stops the
   * server; each child is SIGKILLed past its deadline. Clears the run record.
   */
  async stop(between: () => Promise<void> = async () => undefined): Promise<string[]> {
    const report: string[] = []
    const stopOne = async (child: Child | undefined, deadline: number) => {
      if (!child || child.hasExited()) return
      this.#children.signal(child, 'SIGTERM')
      const code = await this.#children.exitOf(child, deadline)
      report.push(`${child.name} ${code === 'killed' ? 'killed after its deadline' : `exited (${code})`}`)
    }
    await stopOne(this.node, STOP_MS.node)
    let timer: NodeJS.Timeout | undefined
    await Promise.race([between(), new Promise((resolve) => (timer = setTimeout(resolve, STOP_MS.between)))])
    clearTimeout(timer)
    await stopOne(this.server, STOP_MS.server)
    await this.#children.killAll()
    for (const log of this.#logs.splice(0)) log.end()
    // Only this run's record: a start refused because another one runs must leave that one's.
    if (this.#recorded) await clearRecord(this.#dataDir)
    return report
  }

  /** Kills every child at once (a second Ctrl-C, or this process exiting). */
  killNow(): void {
    for (const child of [this.node, this.server])
      if (child?.process.pid !== undefined && !child.hasExited())
        try {
          process.kill(child.process.pid, 'SIGKILL')
        } catch {
          // already gone
        }
  }
}
