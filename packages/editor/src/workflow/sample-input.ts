import { evaluateJsonata } from '../forms/jsonata-check.ts'
import type { DraftNode, WorkflowDraft } from './draft.ts'

/** The nodes from a source to `nodeId`, following the first link into each node, or `undefined`. */
export function pathTo(draft: WorkflowDraft, nodeId: string): DraftNode[] | undefined {
  const byId = new Map(draft.nodes.map((n) => [n.id, n]))
  const path: DraftNode[] = []
  const seen = new Set<string>()
  for (let id: string | undefined = nodeId; id !== undefined; ) {
    const node = byId.get(id)
    if (!node || seen.has(id)) return undefined
    seen.add(id)
    path.unshift(node)
    if (node.type === 'source') return path
    const current: string = id
    id = draft.links.find((l) => l.to === current)?.from
  }
  return undefined
}

export type SampleInput = { ok: true; body: unknown; through: string[] } | { ok: false; message: string }

/**
 * The sample message as it reaches `nodeId`: the sample body run through every map on the path
 * from a source, so a filter after a map is previewed on what the map made. Filters and routes on
 * the way pass the message on unchanged, as they do when it matches.
 */
export async function sampleInput(draft: WorkflowDraft, nodeId: string, body: unknown): Promise<SampleInput> {
  const path = pathTo(draft, nodeId) ?? []
  let current = body
  const through: string[] = []
  for (const node of path.slice(0, -1)) {
    if (node.type !== 'map' || typeof node.props.expression !== 'string') continue
    const result = await evaluateJsonata(node.props.expression, current)
    if (!result.ok) return { ok: false, message: `map "${node.id}" fails on the sample: ${result.message}` }
    current = result.value
    through.push(node.id)
  }
  return { ok: true, body: current, through }
}
