import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type Child, type Children, waitFor } from '../../packages/engine/src/system/children.ts'
import { AdminApi, reported, startConfigServer } from '../../packages/engine/src/system/config-server.ts'
import { DEMO_KEY, DEMO_PUBLIC_KEY } from '../../packages/engine/src/system/demo-project.ts'

/** Heartbeats every second; a node silent for 3 s is late, for 6 s gone (and its leases move). */
export const HEARTBEAT_MS = 1_000
export const LATE_AFTER_MS = 3_000
const PASSWORD = 'chaos-run-admin-password'

/**
 * The config server and the engine nodes of the chaos run, each a CLI child process: the server
 * with the chaos project, the nodes with the demo cluster key, their roles and a data directory
 * each (kept across restarts, as on a real host).
 */
export class ChaosCluster {
  readonly #children: Children
  readonly #dir: string
  readonly #roles: Readonly<Record<string, readonly string[]>>
  readonly #nodes = new Map<string, Child>()
  #admin: AdminApi | undefined
  #url = ''
  #token = ''

  constructor(children: Children, dir: string, roles: Readonly<Record<string, readonly string[]>>) {
    this.#children = children
    this.#dir = dir
    this.#roles = roles
  }

  /** Starts the server on `project`, signs in, registers the demo cluster key and makes a node token. */
  async startServer(project: string): Promise<void> {
    const started = await startConfigServer(this.#children, {
      project,
      data: join(this.#dir, 'server-data'),
      port: 0,
      heartbeatIntervalMs: HEARTBEAT_MS,
      lateAfterMs: LATE_AFTER_MS,
      adminPassword: PASSWORD,
    })
    this.#url = started.url
    this.#admin = await AdminApi.login(started.url, PASSWORD, 'pnpm chaos')
    const key = await this.admin.send('PUT', '/api/clusters/default', {
      publicKeyPem: await readFile(DEMO_PUBLIC_KEY, 'utf8'),
    })
    if (key.status !== 200) throw new Error(`registering the demo cluster key: ${key.status}`)
    this.#token = (await this.admin.nodeToken('default')).token
  }

  get admin(): AdminApi {
    if (this.#admin === undefined) throw new Error('the config server has not been started')
    return this.#admin
  }

  get nodeIds(): string[] {
    return Object.keys(this.#roles)
  }

  /** Starts (or restarts) engine node `nodeId` with its roles and data directory. */
  startNode(nodeId: string): Child {
    const child = this.#children.spawn(
      nodeId,
      'packages/engine/src/cli/main.ts',
      [
        'engine',
        '--server',
        this.#url,
        '--roles',
        (this.#roles[nodeId] ?? []).join(','),
        '--node-id',
        nodeId,
        '--data',
        join(this.#dir, nodeId),
        '--key',
        DEMO_KEY,
        '--drain-timeout',
        '20',
        '--log-level',
        'warn',
      ],
      { SLUICE_TOKEN: this.#token },
    )
    this.#nodes.set(nodeId, child)
    return child
  }

  /** SIGKILLs node `nodeId` and waits for it to be gone. */
  async kill(nodeId: string): Promise<void> {
    const child = this.#nodes.get(nodeId)
    if (child === undefined) throw new Error(`node ${nodeId} was never started`)
    this.#children.signal(child, 'SIGKILL')
    await this.#children.exitOf(child, 10_000)
  }

  /** Waits until every node in `nodeIds` is registered and up; throws if one exits. */
  async nodesUp(nodeIds: readonly string[], timeoutMs: number): Promise<number> {
    return waitFor(
      `nodes ${nodeIds.join(', ')} to be up`,
      async () => {
        for (const id of nodeIds)
          if (this.#nodes.get(id)?.hasExited())
            throw new Error(`node ${id} exited:\n${this.#nodes.get(id)?.output().slice(-4000)}`)
        const nodes = await this.admin.nodes()
        return nodeIds.every((id) => nodes.some((n) => n.nodeId === id && n.status === 'up'))
      },
      timeoutMs,
    )
  }

  /**
   * Waits until node `nodeId`, restarted at `since` (epoch ms), has heartbeated since and reports a
   * workflow running again; throws if it exits.
   */
  async backUp(nodeId: string, since: number, timeoutMs: number): Promise<number> {
    return waitFor(
      `node ${nodeId} to run workflows again`,
      async () => {
        if (this.#nodes.get(nodeId)?.hasExited())
          throw new Error(`node ${nodeId} exited:\n${this.#nodes.get(nodeId)?.output().slice(-4000)}`)
        const node = (await this.admin.nodes()).find((n) => n.nodeId === nodeId)
        return (
          node !== undefined &&
          node.status === 'up' &&
          Date.parse(node.lastSeenAt) >= since &&
          node.workflows.some((w) => w.state === 'running')
        )
      },
      timeoutMs,
      100,
    )
  }

  /** Waits until every workflow of `deployment` is placed and reported running by each of its nodes. */
  async running(deployment: string, timeoutMs: number): Promise<number> {
    return waitFor(
      `the workflows of ${deployment} to run`,
      async () => {
        const placement = await this.admin.placement(deployment)
        const nodes = await this.admin.nodes()
        return (
          placement.workflows.length > 0 &&
          placement.workflows.every(
            (w) =>
              w.status === 'placed' &&
              w.nodes.length > 0 &&
              w.nodes.every((n) => reported(nodes, n, w.workflow) === 'running'),
          )
        )
      },
      timeoutMs,
    )
  }

  /** The nodes `workflow` of `deployment` is placed on now, or its status when none. */
  async placedOn(deployment: string, workflow: string): Promise<string> {
    const placed = (await this.admin.placement(deployment)).workflows.find((w) => w.workflow === workflow)
    return placed === undefined ? 'not placed' : placed.nodes.join(', ') || placed.status
  }

  /** Where each workflow of `deployment` runs now, as `workflow: node, node`. */
  async placementLine(deployment: string): Promise<string> {
    const placement = await this.admin.placement(deployment)
    return placement.workflows.map((w) => `${w.workflow}: ${w.nodes.join(', ') || w.status}`).join('; ')
  }

  /** SIGTERMs every node (they drain) and waits for each, at most `timeoutMs`; returns their exit codes. */
  async stopNodes(timeoutMs: number): Promise<Record<string, number | null | 'killed'>> {
    for (const child of this.#nodes.values()) this.#children.signal(child, 'SIGTERM')
    const codes: Record<string, number | null | 'killed'> = {}
    for (const [id, child] of this.#nodes) codes[id] = await this.#children.exitOf(child, timeoutMs)
    return codes
  }
}
