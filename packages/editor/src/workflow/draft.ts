import { parseEndpoint } from '@sluice/assets'
import { isObject } from '../forms/schema-read.ts'

export interface Point {
  x: number
  y: number
}

/** A workflow node as the canvas edits it: the spec's node with its position pulled out. */
export interface DraftNode {
  id: string
  /** `source`, `sink`, `map`, `filter`, `route` or `throttle`. */
  type: string
  /** Every property of the node but `id`, `type` and `position`, as the spec holds them. */
  props: Readonly<Record<string, unknown>>
  position: Point
}

/** A link from one output port to a node. */
export interface DraftLink {
  from: string
  /** `out`, or a route's port. */
  port: string
  to: string
}

/** The workflow being edited. Arrays keep the spec's order, so issue paths map back to nodes. */
export interface WorkflowDraft {
  nodes: readonly DraftNode[]
  links: readonly DraftLink[]
  errorSink?: string
  /** Top-level properties the canvas does not edit, kept as they were. */
  rest: Readonly<Record<string, unknown>>
}

function pointOf(value: unknown): Point | undefined {
  if (!isObject(value)) return undefined
  const { x, y } = value
  return typeof x === 'number' && typeof y === 'number' ? { x, y } : undefined
}

/**
 * Reads a workflow spec into a draft. Tolerates an invalid spec (the canvas shows its issues): a
 * node without a string id or type gets an empty one. `positioned` is false when some node had
 * no position, so the caller lays the graph out.
 */
export function draftFromSpec(spec: unknown): { draft: WorkflowDraft; positioned: boolean } {
  const source = isObject(spec) ? spec : {}
  let positioned = true
  const nodes = (Array.isArray(source.nodes) ? source.nodes : []).map((raw: unknown, i): DraftNode => {
    const node = isObject(raw) ? raw : {}
    const { id, type, position, ...props } = node
    const point = pointOf(position)
    if (!point) positioned = false
    return {
      id: typeof id === 'string' ? id : '',
      type: typeof type === 'string' ? type : '',
      props,
      position: point ?? { x: 0, y: i * 100 },
    }
  })
  const links = (Array.isArray(source.links) ? source.links : []).flatMap((raw: unknown): DraftLink[] => {
    if (!isObject(raw) || typeof raw.from !== 'string' || typeof raw.to !== 'string') return []
    const { node, port } = parseEndpoint(raw.from)
    return [{ from: node, port, to: raw.to }]
  })
  const { nodes: _n, links: _l, errorSink, ...rest } = source
  const draft: WorkflowDraft = {
    nodes,
    links,
    rest,
    ...(typeof errorSink === 'string' ? { errorSink } : {}),
  }
  return { draft, positioned }
}

/** The `from` of a link as the spec writes it: `node` for the `out` port, else `node.port`. */
export function endpointOf(link: Pick<DraftLink, 'from' | 'port'>): string {
  return link.port === 'out' ? link.from : `${link.from}.${link.port}`
}

/** Writes a draft back as a workflow spec, positions rounded to whole pixels. */
export function specFromDraft(draft: WorkflowDraft): Record<string, unknown> {
  return {
    ...draft.rest,
    nodes: draft.nodes.map((n) => ({
      id: n.id,
      type: n.type,
      ...n.props,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
    })),
    links: draft.links.map((l) => ({ from: endpointOf(l), to: l.to })),
    ...(draft.errorSink === undefined ? {} : { errorSink: draft.errorSink }),
  }
}

/** A stable id for a link, used as the canvas edge id. */
export function linkId(link: DraftLink): string {
  return `${link.from}:${link.port}->${link.to}`
}
