import { isObject } from '../forms/schema-read.ts'
import type { DraftLink, DraftNode, WorkflowDraft } from './draft.ts'
import { nodeIds, uniqueId } from './graph-edits.ts'

/** What a copy puts on the clipboard: the chosen nodes and the links between them. */
export interface Clip {
  nodes: DraftNode[]
  links: DraftLink[]
}

export function copyNodes(draft: WorkflowDraft, ids: ReadonlySet<string>): Clip {
  return {
    nodes: draft.nodes.filter((n) => ids.has(n.id)),
    links: draft.links.filter((l) => ids.has(l.from) && ids.has(l.to)),
  }
}

/**
 * Adds a clip's nodes to a draft under fresh ids (`map` becomes `map-2` when taken), moved by
 * `offset`, with the links between them. Returns the new draft and the ids the pasted nodes got.
 */
export function pasteClip(
  draft: WorkflowDraft,
  clip: Clip,
  offset: { x: number; y: number },
): { draft: WorkflowDraft; ids: string[] } {
  const taken = nodeIds(draft)
  const renamed = new Map<string, string>()
  const nodes = clip.nodes.map((n) => {
    const id = uniqueId(n.id, taken)
    taken.add(id)
    renamed.set(n.id, id)
    return { ...n, id, position: { x: n.position.x + offset.x, y: n.position.y + offset.y } }
  })
  const links = clip.links.flatMap((l) => {
    const from = renamed.get(l.from)
    const to = renamed.get(l.to)
    return from && to ? [{ from, port: l.port, to }] : []
  })
  return {
    draft: { ...draft, nodes: [...draft.nodes, ...nodes], links: [...draft.links, ...links] },
    ids: nodes.map((n) => n.id),
  }
}

/** Reads a clip back from clipboard text; `undefined` for anything else. */
export function parseClip(text: string): Clip | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (
    !isObject(value) ||
    value.sluice !== 'nodes' ||
    !Array.isArray(value.nodes) ||
    !Array.isArray(value.links)
  )
    return undefined
  const nodes = value.nodes.flatMap((n: unknown): DraftNode[] => {
    if (!isObject(n) || typeof n.id !== 'string' || typeof n.type !== 'string' || !isObject(n.props))
      return []
    const position = isObject(n.position) ? n.position : {}
    const x = typeof position.x === 'number' ? position.x : 0
    const y = typeof position.y === 'number' ? position.y : 0
    return [{ id: n.id, type: n.type, props: n.props, position: { x, y } }]
  })
  const links = value.links.flatMap((l: unknown): DraftLink[] =>
    isObject(l) && typeof l.from === 'string' && typeof l.port === 'string' && typeof l.to === 'string'
      ? [{ from: l.from, port: l.port, to: l.to }]
      : [],
  )
  return { nodes, links }
}

export function serializeClip(clip: Clip): string {
  return JSON.stringify({ sluice: 'nodes', ...clip })
}
