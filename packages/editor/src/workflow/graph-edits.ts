import type { DraftLink, DraftNode, Point, WorkflowDraft } from './draft.ts'

const MAX_ID = 128

/** `base`, else `base-2`, `base-3`, … whichever is not taken, trimmed to a valid node id. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  const clean = base.replace(/[^A-Za-z0-9_-]/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'node'
  const stem = clean.slice(0, MAX_ID - 6)
  if (!taken.has(stem)) return stem
  for (let n = 2; ; n += 1) if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`
}

export function nodeIds(draft: WorkflowDraft): Set<string> {
  return new Set(draft.nodes.map((n) => n.id))
}

export function addNode(
  draft: WorkflowDraft,
  node: { type: string; props: Record<string, unknown>; position: Point; idBase: string },
): { draft: WorkflowDraft; id: string } {
  const id = uniqueId(node.idBase, nodeIds(draft))
  const added: DraftNode = { id, type: node.type, props: node.props, position: node.position }
  return { draft: { ...draft, nodes: [...draft.nodes, added] }, id }
}

export function removeElements(
  draft: WorkflowDraft,
  nodes: ReadonlySet<string>,
  links: ReadonlySet<string>,
): WorkflowDraft {
  const keep = (l: DraftLink) =>
    !nodes.has(l.from) && !nodes.has(l.to) && !links.has(`${l.from}:${l.port}->${l.to}`)
  const { errorSink, ...rest } = draft
  return {
    ...rest,
    nodes: draft.nodes.filter((n) => !nodes.has(n.id)),
    links: draft.links.filter(keep),
    ...(errorSink === undefined || nodes.has(errorSink) ? {} : { errorSink }),
  }
}

export function addLink(draft: WorkflowDraft, link: DraftLink): WorkflowDraft {
  return { ...draft, links: [...draft.links, link] }
}

export function updateNode(
  draft: WorkflowDraft,
  id: string,
  change: (node: DraftNode) => DraftNode,
): WorkflowDraft {
  return { ...draft, nodes: draft.nodes.map((n) => (n.id === id ? change(n) : n)) }
}

export function moveNodes(draft: WorkflowDraft, positions: ReadonlyMap<string, Point>): WorkflowDraft {
  return {
    ...draft,
    nodes: draft.nodes.map((n) => {
      const at = positions.get(n.id)
      return at && (at.x !== n.position.x || at.y !== n.position.y) ? { ...n, position: at } : n
    }),
  }
}

/** Renames a node and every link and error-sink reference to it. */
export function renameNode(draft: WorkflowDraft, from: string, to: string): WorkflowDraft {
  if (from === to) return draft
  const rename = (id: string) => (id === from ? to : id)
  const { errorSink, ...rest } = draft
  return {
    ...rest,
    nodes: draft.nodes.map((n) => (n.id === from ? { ...n, id: to } : n)),
    links: draft.links.map((l) => ({ ...l, from: rename(l.from), to: rename(l.to) })),
    ...(errorSink === undefined ? {} : { errorSink: rename(errorSink) }),
  }
}

/** Drops links from ports a node no longer has, e.g. after a route is renamed or removed. */
export function pruneLinks(
  draft: WorkflowDraft,
  portsOf: (node: DraftNode) => readonly string[],
): WorkflowDraft {
  const byId = new Map(draft.nodes.map((n) => [n.id, n]))
  const links = draft.links.filter((l) => {
    const node = byId.get(l.from)
    return node !== undefined && portsOf(node).includes(l.port)
  })
  return links.length === draft.links.length ? draft : { ...draft, links }
}
