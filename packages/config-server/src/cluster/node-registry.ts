import { join } from 'node:path'
import { type NodeRegistration, NodeView, type WorkflowStatus } from '@sluice/assets'
import { type Static, Type } from 'typebox'
import { ServiceError } from '../errors.ts'
import { readJsonFile, writeJsonFile } from '../store/json-file.ts'
import { createSerialQueue } from '../store/serial.ts'

/** How fresh a node's last heartbeat is: `up`, `late` after `lateAfterMs`, `gone` after twice that. */
export type NodeStatus = NodeView['status']

const { status: _, workflows: __, ...recorded } = NodeView.properties
const NodeRecord = Type.Object({
  ...recorded,
  /** The token that registered the node; only it may send the node's heartbeats. */
  tokenId: Type.String(),
  /** A digest of the desired state last sent, to tell when the generation must move on. */
  desiredDigest: Type.String(),
})
export type NodeRecord = Static<typeof NodeRecord>
const NodesFile = Type.Object({ nodes: Type.Array(NodeRecord) })

/**
 * The engine nodes that registered, in `cluster/nodes.json` of the data directory. Heartbeat times
 * and live workflow status are kept in memory and written at most every `flushMs`, so a busy
 * cluster does not write on every heartbeat.
 */
export class NodeRegistry {
  readonly #path: string
  readonly #nodes = new Map<string, NodeRecord>()
  readonly #workflows = new Map<string, WorkflowStatus[]>()
  readonly #queue = createSerialQueue()
  readonly lateAfterMs: number

  private constructor(path: string, nodes: NodeRecord[], lateAfterMs: number) {
    this.#path = path
    for (const node of nodes) this.#nodes.set(node.nodeId, node)
    this.lateAfterMs = lateAfterMs
  }

  static async open(dataDir: string, lateAfterMs: number): Promise<NodeRegistry> {
    const path = join(dataDir, 'cluster', 'nodes.json')
    const file = await readJsonFile(path, NodesFile, { nodes: [] })
    return new NodeRegistry(path, file.nodes, lateAfterMs)
  }

  statusOf(node: Pick<NodeRecord, 'lastSeenAt'>, now: number): NodeStatus {
    const silent = now - Date.parse(node.lastSeenAt)
    return silent <= this.lateAfterMs ? 'up' : silent <= 2 * this.lateAfterMs ? 'late' : 'gone'
  }

  get(nodeId: string): NodeRecord | undefined {
    return this.#nodes.get(nodeId)
  }

  views(now: number): NodeView[] {
    return [...this.#nodes.values()]
      .sort((a, b) => a.nodeId.localeCompare(b.nodeId))
      .map(({ tokenId: _, desiredDigest: __, ...node }) => ({
        ...node,
        status: this.statusOf(node, now),
        workflows: this.#workflows.get(node.nodeId) ?? [],
      }))
  }

  /**
   * Registers a node or re-registers it after a restart (same id, same token). Throws
   * `node.token-mismatch` when another token registered that id: an admin removes the node first.
   */
  async register(registration: NodeRegistration, tokenId: string, now: Date): Promise<NodeRecord> {
    const before = this.#nodes.get(registration.nodeId)
    if (before && before.tokenId !== tokenId)
      throw new ServiceError(
        'node.token-mismatch',
        `node "${registration.nodeId}" was registered with another token; remove it (DELETE /api/cluster/nodes/${registration.nodeId}) or use that token`,
      )
    const record: NodeRecord = {
      ...registration,
      tokenId,
      registeredAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      state: 'running',
      generation: before?.generation ?? 0,
      reportedGeneration: 0,
      desiredDigest: '',
    }
    this.#nodes.set(record.nodeId, record)
    this.#workflows.delete(record.nodeId)
    await this.save()
    return record
  }

  /** Notes a heartbeat: last seen, state, reconciled generation and live workflow status. */
  touch(
    nodeId: string,
    beat: { state: 'running' | 'draining'; generation: number; workflows: WorkflowStatus[] },
    now: Date,
  ): void {
    const node = this.#nodes.get(nodeId)
    if (!node) return
    node.lastSeenAt = now.toISOString()
    node.state = beat.state
    node.reportedGeneration = beat.generation
    this.#workflows.set(nodeId, beat.workflows)
  }

  /** Moves a node to a new generation of desired state when what it should run changed. */
  advance(nodeId: string, digest: string): number {
    const node = this.#nodes.get(nodeId)
    if (!node) return 0
    if (node.desiredDigest !== digest) {
      node.generation += 1
      node.desiredDigest = digest
    }
    return node.generation
  }

  async remove(nodeId: string): Promise<void> {
    if (!this.#nodes.delete(nodeId))
      throw new ServiceError('node.unknown', `no node "${nodeId}" is registered`)
    this.#workflows.delete(nodeId)
    await this.save()
  }

  /** Writes the registry; called on registration and periodically for heartbeat times. */
  save(): Promise<void> {
    return this.#queue.run(() => writeJsonFile(this.#path, { nodes: [...this.#nodes.values()] }, 0o644))
  }
}
