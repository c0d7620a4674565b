import {
  type Asset,
  builtinRegistry,
  eligibleNodes,
  type NodeView,
  placementNeeds,
  unschedulableReason,
} from '@sluice/assets'

/** Where a workflow would run if deployed now, worked out in the editor before anything is deployed. */
export interface PlacementPreview {
  workflow: string
  requiredRoles: string[]
  /** S3 polling runs on one node at a time. */
  singleton: boolean
  nodes: string[]
  /** Set when no live node has every role the workflow needs. */
  unschedulable?: string
}

/**
 * The placement the config server would compute, by the same rules from @sluice/assets, from the
 * project's assets and the nodes the operations view knows. The server's own placement is shown
 * once deployed.
 */
export function previewPlacement(
  assets: readonly Asset[],
  workflows: readonly string[],
  cluster: string,
  nodes: readonly NodeView[],
): PlacementPreview[] {
  return workflows.map((name) => {
    const needs = placementNeeds(builtinRegistry, assets, name)
    const eligible = eligibleNodes(needs, cluster, nodes)
      .map((n) => n.nodeId)
      .sort()
    const base = { workflow: name, requiredRoles: needs.requiredRoles, singleton: needs.singleton }
    if (eligible.length > 0) return { ...base, nodes: needs.singleton ? eligible.slice(0, 1) : eligible }
    return { ...base, nodes: [], unschedulable: unschedulableReason(needs, cluster, nodes) }
  })
}
