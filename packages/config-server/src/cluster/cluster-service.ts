import { createHash } from 'node:crypto'
import { EventEmitter } from 'node:events'
import type {
  AssetRegistry,
  Assignment,
  DeploymentPlacement,
  DesiredState,
  Heartbeat,
  NodeRegistered,
  NodeRegistration,
  NodeView,
} from '@sluice/assets'
import type { Principal } from '../auth/auth-service.ts'
import { ServiceError } from '../errors.ts'
import type { BundleStore } from './bundle-store.ts'
import { summaryOf } from './bundle-store.ts'
import type { ClusterRegistry } from './cluster-registry.ts'
import { TestDelegation } from './delegation.ts'
import type { DeploymentState } from './deployment-state.ts'
import type { NodeRegistry } from './node-registry.ts'
import { placeBundle } from './placement.ts'
import { RestartTracker } from './restarts.ts'

/** Timings of the node protocol. */
export interface ClusterTimings {
  heartbeatIntervalMs: number
  /** A node silent this long is `late`; twice as long, `gone`, and its singleton leases move. */
  lateAfterMs: number
}

/** What changed, for the operations stream. */
export type ClusterEvent = { type: 'nodes' } | { type: 'heartbeat'; nodeId: string } | { type: 'deployments' }

type NodePrincipal = Extract<Principal, { type: 'node' }>

/**
 * The server side of the node protocol: registration, heartbeats answered with desired state,
 * placement of every active deployment, singleton leases, restarts and delegated tests. Emits
 * `change` with a {@link ClusterEvent} whenever what the operations view shows may have changed.
 */
export class ClusterService extends EventEmitter<{ change: [ClusterEvent] }> {
  readonly delegation = new TestDelegation()
  readonly restarts = new RestartTracker()
  readonly #registry: AssetRegistry
  readonly #nodes: NodeRegistry
  readonly #bundles: BundleStore
  readonly #state: DeploymentState
  readonly #clusters: ClusterRegistry
  readonly #timings: ClusterTimings
  readonly #now: () => number
  #sweeper: NodeJS.Timeout | undefined
  #statuses = ''

  constructor(parts: {
    registry: AssetRegistry
    nodes: NodeRegistry
    bundles: BundleStore
    state: DeploymentState
    clusters: ClusterRegistry
    timings: ClusterTimings
    now?: () => number
  }) {
    super()
    this.setMaxListeners(0)
    this.#registry = parts.registry
    this.#nodes = parts.nodes
    this.#bundles = parts.bundles
    this.#state = parts.state
    this.#clusters = parts.clusters
    this.#timings = parts.timings
    this.#now = parts.now ?? Date.now
  }

  /** Starts the periodic check that notices nodes going late or gone and moves leases. */
  start(): void {
    this.#sweeper = setInterval(() => void this.sweep(), Math.max(this.#timings.lateAfterMs / 2, 50))
    this.#sweeper.unref()
  }

  close(): void {
    if (this.#sweeper) clearInterval(this.#sweeper)
    this.delegation.close()
  }

  nodes(): NodeView[] {
    return this.#nodes.views(this.#now())
  }

  /** Registers a node of the token's cluster; `node.wrong-cluster` for another cluster. */
  async register(principal: NodePrincipal, registration: NodeRegistration): Promise<NodeRegistered> {
    if (registration.cluster !== principal.cluster)
      throw new ServiceError(
        'node.wrong-cluster',
        `this token is for cluster "${principal.cluster}", not "${registration.cluster}"`,
      )
    await this.#clusters.ensure(registration.cluster)
    await this.#nodes.register(registration, principal.tokenId, new Date(this.#now()))
    this.emit('change', { type: 'nodes' })
    return {
      nodeId: registration.nodeId,
      heartbeatIntervalMs: this.#timings.heartbeatIntervalMs,
      lateAfterMs: this.#timings.lateAfterMs,
    }
  }

  /** Takes a heartbeat and answers the node's desired state. */
  async heartbeat(principal: NodePrincipal, nodeId: string, beat: Heartbeat): Promise<DesiredState> {
    const node = this.#nodes.get(nodeId)
    if (!node) throw new ServiceError('node.unknown', `node "${nodeId}" is not registered; register it again`)
    if (node.tokenId !== principal.tokenId)
      throw new ServiceError('node.token-mismatch', `node "${nodeId}" was registered with another token`)
    this.#nodes.touch(nodeId, beat, new Date(this.#now()))
    this.restarts.reconciled(nodeId, beat.generation)
    this.delegation.settle(beat.testResults)
    const placements = await this.placements()
    this.emit('change', { type: 'heartbeat', nodeId })
    return this.#desiredFor(nodeId, placements)
  }

  /**
   * Where every active deployment runs now. Leases are renewed or moved as a side effect and
   * saved when they change.
   */
  async placements(): Promise<DeploymentPlacement[]> {
    const now = this.#now()
    const nodes = this.#nodes.views(now)
    const load = new Map<string, number>()
    const result: DeploymentPlacement[] = []
    const before = JSON.stringify([...this.#state.leases])
    const kept = new Map<string, string>()
    for (const [deployment, record] of [...this.#state.deployments].sort(([a], [b]) => a.localeCompare(b))) {
      if (record.active === undefined) continue
      const bundle = await this.#bundles.get(`${deployment}@${record.active}`)
      const placed = placeBundle({
        registry: this.#registry,
        bundle,
        nodes,
        leases: this.#state.leases,
        stopped: record.stopped,
        now,
        leaseMs: 2 * this.#timings.lateAfterMs,
        load,
      })
      for (const [key, lease] of placed.leases) {
        this.#state.leases.set(key, lease)
        kept.set(key, lease.nodeId)
      }
      result.push({
        deployment,
        bundle: summaryOf(bundle),
        cluster: bundle.cluster,
        workflows: placed.workflows,
      })
    }
    for (const key of [...this.#state.leases.keys()]) if (!kept.has(key)) this.#state.leases.delete(key)
    if (JSON.stringify([...this.#state.leases]) !== before) await this.#state.save()
    return result
  }

  /** The desired state of one node, for its heartbeat answer (and tests). */
  async desiredState(nodeId: string): Promise<DesiredState> {
    return this.#desiredFor(nodeId, await this.placements())
  }

  /** Looks at node statuses and leases; tells listeners when a node went late or gone. */
  async sweep(): Promise<void> {
    const statuses = this.nodes()
      .map((n) => `${n.nodeId}:${n.status}`)
      .join(',')
    if (statuses === this.#statuses) return
    this.#statuses = statuses
    await this.placements()
    await this.#nodes.save()
    this.emit('change', { type: 'nodes' })
  }

  async removeNode(nodeId: string): Promise<void> {
    await this.#nodes.remove(nodeId)
    this.restarts.forget(nodeId)
    this.emit('change', { type: 'nodes' })
  }

  #desiredFor(nodeId: string, placements: readonly DeploymentPlacement[]): DesiredState {
    const assignments: Assignment[] = []
    for (const placement of placements)
      for (const workflow of placement.workflows) {
        if (workflow.status !== 'placed' || !workflow.nodes.includes(nodeId)) continue
        if (this.restarts.holds(nodeId, placement.deployment, workflow.workflow)) continue
        assignments.push({
          deployment: placement.deployment,
          version: placement.bundle.version,
          bundleId: placement.bundle.id,
          workflow: workflow.workflow,
          singleton: workflow.singleton,
          ...(workflow.leaseExpiresAt === undefined ? {} : { leaseExpiresAt: workflow.leaseExpiresAt }),
        })
      }
    const tests = this.delegation.testsFor(nodeId)
    const cluster = this.#nodes.get(nodeId)?.cluster
    const allowAmbient =
      (cluster === undefined ? undefined : this.#clusters.get(cluster))?.allowAmbient ?? true
    const digest = createHash('sha256')
      .update(
        JSON.stringify([
          assignments.map(({ leaseExpiresAt: _, ...a }) => a),
          tests.map((t) => t.id),
          allowAmbient,
        ]),
      )
      .digest('base64url')
    const generation = this.#nodes.advance(nodeId, digest)
    this.restarts.sent(nodeId, generation)
    return { generation, allowAmbient, assignments, tests }
  }
}
