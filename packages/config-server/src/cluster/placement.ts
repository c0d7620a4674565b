import {
  type Asset,
  type AssetRegistry,
  type Bundle,
  eligibleNodes,
  type NodeView,
  placementNeeds,
  unschedulableReason,
  type WorkflowPlacement,
} from '@sluice/assets'
import type { Lease } from './deployment-state.ts'

export interface PlacementInput {
  registry: AssetRegistry
  bundle: Bundle
  nodes: readonly NodeView[]
  leases: ReadonlyMap<string, Lease>
  stopped: readonly string[]
  now: number
  /** How long a singleton lease outlives its holder's last heartbeat. */
  leaseMs: number
  /** Singleton work already given to each node, to spread singletons; updated as leases are given. */
  load: Map<string, number>
}

export function leaseKey(deployment: string, workflow: string): string {
  return `${deployment}/${workflow}`
}

function toAsset(wire: Bundle['assets'][number]): Asset {
  return { ...wire, requiredRoles: [...wire.requiredRoles] }
}

/**
 * Places every workflow of a bundle: on each live, running node of the bundle's cluster whose roles
 * cover the workflow's required roles (SQS spreads the work over them), or, for singleton work, on
 * one such node holding a lease that moves only when its holder has been silent for `leaseMs` or
 * no longer fits. Returns the placements and the leases as they now stand for this bundle.
 */
export function placeBundle(input: PlacementInput): {
  workflows: WorkflowPlacement[]
  leases: Map<string, Lease>
} {
  const assets = input.bundle.assets.map(toAsset)
  const leases = new Map<string, Lease>()
  const workflows = input.bundle.workflows.map((name): WorkflowPlacement => {
    const needs = placementNeeds(input.registry, assets, name)
    const { requiredRoles, singleton } = needs
    const base = { workflow: name, singleton, requiredRoles }
    if (input.stopped.includes(name)) return { ...base, status: 'stopped', nodes: [] }
    const eligible = eligibleNodes(needs, input.bundle.cluster, input.nodes)
    if (eligible.length === 0)
      return {
        ...base,
        status: 'unschedulable',
        nodes: [],
        reason: unschedulableReason(needs, input.bundle.cluster, input.nodes),
      }
    if (!singleton) return { ...base, status: 'placed', nodes: eligible.map((n) => n.nodeId).sort() }
    const lease = leaseFor(input, leaseKey(input.bundle.deployment, name), eligible)
    leases.set(leaseKey(input.bundle.deployment, name), lease)
    return { ...base, status: 'placed', nodes: [lease.nodeId], leaseExpiresAt: lease.expiresAt }
  })
  return { workflows, leases }
}

function leaseFor(input: PlacementInput, key: string, eligible: readonly NodeView[]): Lease {
  const existing = input.leases.get(key)
  const holder = eligible.find((n) => n.nodeId === existing?.nodeId)
  const expiry = (node: NodeView) => new Date(Date.parse(node.lastSeenAt) + input.leaseMs).toISOString()
  if (existing && holder && Date.parse(existing.expiresAt) > input.now) {
    const renewed = Math.max(Date.parse(holder.lastSeenAt) + input.leaseMs, Date.parse(existing.expiresAt))
    return { nodeId: holder.nodeId, expiresAt: new Date(renewed).toISOString() }
  }
  const live = eligible.filter((n) => n.status === 'up')
  const candidates = (live.length > 0 ? live : eligible).filter(
    (n) => n.nodeId !== existing?.nodeId || !existing,
  )
  const pool = candidates.length > 0 ? candidates : eligible
  const chosen = [...pool].sort(
    (a, b) =>
      (input.load.get(a.nodeId) ?? 0) - (input.load.get(b.nodeId) ?? 0) || a.nodeId.localeCompare(b.nodeId),
  )[0]
  if (!chosen) throw new Error('placement: no eligible node to hold a lease')
  input.load.set(chosen.nodeId, (input.load.get(chosen.nodeId) ?? 0) + 1)
  return { nodeId: chosen.nodeId, expiresAt: expiry(chosen) }
}
