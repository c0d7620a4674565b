import type { Asset } from '../asset.ts'
import { sourceS3 } from '../kinds/source-s3.ts'
import type { AssetRegistry } from '../spec/registry.ts'
import { prop } from '../validate/schema-pointer.ts'
import { closure } from '../validate/validate-project.ts'

/** What a workflow asks of the engine node that runs it. */
export interface PlacementNeeds {
  workflow: string
  /** The roles of the workflow and of every asset it uses, sorted. */
  requiredRoles: string[]
  /** It polls an S3 prefix, which only one node may do at a time (under a lease). */
  singleton: boolean
}

/** An engine node as placement sees it. */
export interface PlacementNode {
  nodeId: string
  cluster: string
  roles: readonly string[]
  /** From its heartbeats: `gone` once silent for twice the late threshold. */
  status: 'up' | 'late' | 'gone'
  /** What the node says it is doing; only a `running` node takes new work. */
  state: string
}

/** True for an S3 source that finds objects by polling, the default, rather than by event notifications. */
export function isPollingS3Source(asset: Asset): boolean {
  return asset.kind === sourceS3.kind && prop(prop(asset.spec, 'discovery'), 'mode') !== 'notifications'
}

/**
 * What a workflow needs of a node, from the workflow and everything it references. The config
 * server places with it, and the editor previews placement with it before anything is deployed.
 */
export function placementNeeds(
  registry: AssetRegistry,
  assets: readonly Asset[],
  workflow: string,
): PlacementNeeds {
  const root = assets.find((a) => a.kind === 'workflow' && a.name === workflow)
  const used = root ? closure(registry, assets, root) : []
  return {
    workflow,
    requiredRoles: [...new Set(used.flatMap((a) => a.requiredRoles))].sort(),
    singleton: used.some(isPollingS3Source),
  }
}

/** The nodes of `cluster` that may run the work: not gone, running, and holding every required role. */
export function eligibleNodes<N extends PlacementNode>(
  needs: PlacementNeeds,
  cluster: string,
  nodes: readonly N[],
): N[] {
  return nodes.filter(
    (n) =>
      n.cluster === cluster &&
      n.status !== 'gone' &&
      n.state === 'running' &&
      needs.requiredRoles.every((role) => n.roles.includes(role)),
  )
}

/** Why no node can run the work, in the words the operations view and deploy dialog show. */
export function unschedulableReason(
  needs: PlacementNeeds,
  cluster: string,
  nodes: readonly PlacementNode[],
): string {
  const alive = nodes.filter((n) => n.cluster === cluster && n.status !== 'gone').length
  const why =
    alive === 0
      ? `no live engine node in cluster "${cluster}"`
      : `none of the ${alive} live node(s) of cluster "${cluster}" has them all`
  return `unschedulable: needs roles [${needs.requiredRoles.join(', ')}]; ${why}`
}
