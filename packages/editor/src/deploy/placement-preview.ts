import { type Asset, builtinRegistry, closure } from '@sluice/assets'
import type { NodeView } from '../api/schemas.ts'

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

function isPollingS3(source: Asset | undefined): boolean {
  if (source?.kind !== 'source.s3') return false
  const spec = source.spec
  const discovery = typeof spec === 'object' && spec !== null ? Reflect.get(spec, 'discovery') : undefined
  return (
    typeof discovery !== 'object' || discovery === null || Reflect.get(discovery, 'mode') !== 'notifications'
  )
}

/**
 * The placement the config server would compute (its rule: a node of the cluster that is not gone,
 * is running, and has every role the workflow and each asset it uses require), from the project's
 * assets and the nodes the operations view knows. The server's own placement is shown once deployed.
 */
export function previewPlacement(
  assets: readonly Asset[],
  workflows: readonly string[],
  cluster: string,
  nodes: readonly NodeView[],
): PlacementPreview[] {
  return workflows.map((name) => {
    const root = assets.find((a) => a.kind === 'workflow' && a.name === name)
    const used = root ? closure(builtinRegistry, assets, root) : []
    const requiredRoles = [...new Set(used.flatMap((a) => a.requiredRoles))].sort()
    const singleton = used.some(isPollingS3)
    const alive = nodes.filter((n) => n.cluster === cluster && n.status !== 'gone' && n.state === 'running')
    const eligible = alive
      .filter((n) => requiredRoles.every((r) => n.roles.includes(r)))
      .map((n) => n.nodeId)
      .sort()
    const base = { workflow: name, requiredRoles, singleton }
    if (eligible.length > 0) return { ...base, nodes: singleton ? eligible.slice(0, 1) : eligible }
    const why =
      alive.length === 0
        ? `no live engine node in cluster "${cluster}"`
        : `none of the ${alive.length} live node(s) of cluster "${cluster}" has them all`
    return {
      ...base,
      nodes: [],
      unschedulable: `unschedulable: needs roles [${requiredRoles.join(', ')}]; ${why}`,
    }
  })
}
