import {
  type Asset,
  builtinRegistry,
  fromPointer,
  issue,
  referencesOf,
  resolveReference,
  validateAsset,
} from '@sluice/assets'
import { type DraftLink, linkId, specFromDraft, type WorkflowDraft } from './draft.ts'

/** An issue as the editor shows it: from the checks in the browser or from the server. */
export interface IssueLike {
  file?: string
  path: string
  code: string
  message: string
}

/** An issue of the workflow being edited, placed on the canvas element it concerns. */
export interface PlacedIssue {
  issue: IssueLike
  /** The node it concerns, when it concerns one. */
  nodeId?: string
  /** The field inside that node, e.g. `['expression']` or `['routes', 0, 'when']`. */
  field?: readonly (string | number)[]
  /** The link it concerns, as its edge id. */
  linkId?: string
}

/** Places an issue (path from the document root) on the node or link of the draft it points into. */
export function placeIssue(found: IssueLike, draft: WorkflowDraft): PlacedIssue {
  const [spec, list, index, ...field] = fromPointer(found.path)
  const at = Number(index)
  if (spec === 'spec' && list === 'nodes' && Number.isInteger(at)) {
    const node = draft.nodes[at]
    if (node)
      return { issue: found, nodeId: node.id, field: field.map((s) => (/^\d+$/.test(s) ? Number(s) : s)) }
  }
  if (spec === 'spec' && list === 'links' && Number.isInteger(at)) {
    const link: DraftLink | undefined = draft.links[at]
    if (link) return { issue: found, linkId: linkId(link) }
  }
  return { issue: found }
}

/**
 * Every issue of the draft, checked in the browser as the user edits: the workflow schema and
 * graph rules of @sluice/assets (ports, cycles, reachability, JSONata syntax), and references to
 * source and sink assets that do not exist among `assets`.
 */
export function draftIssues(draft: WorkflowDraft, name: string, assets: readonly Asset[]): PlacedIssue[] {
  const document = { kind: 'workflow', name, spec: specFromDraft(draft) }
  const { asset, issues } = validateAsset(builtinRegistry, document)
  const refIssues = asset
    ? referencesOf(builtinRegistry, asset).flatMap((ref) =>
        ref.name === '' || resolveReference(assets, ref)
          ? []
          : [issue('ref.missing', ref.path, `no ${ref.kinds.join(' or ')} asset named "${ref.name}"`)],
      )
    : []
  return [...issues, ...refIssues].map((found) => placeIssue(found, draft))
}

/** Issues grouped by the node they concern. */
export function issuesByNode(placed: readonly PlacedIssue[]): Map<string, PlacedIssue[]> {
  const byNode = new Map<string, PlacedIssue[]>()
  for (const p of placed) {
    if (p.nodeId === undefined) continue
    const list = byNode.get(p.nodeId)
    if (list) list.push(p)
    else byNode.set(p.nodeId, [p])
  }
  return byNode
}
