import { successors } from './adjacency.ts'
import type { WorkflowDraft } from './draft.ts'
import { portsOf, takesInput } from './ports.ts'

/** A link the user is drawing: from a node's output port to another node. */
export interface ProposedLink {
  source: string
  sourceHandle?: string | null | undefined
  target: string
  targetHandle?: string | null | undefined
}

/**
 * Why a link may not be drawn, or `undefined` when it may: the same checks as the workflow's graph
 * rules (existing ports, no input into a source, no cycles), plus no duplicate links and no self
 * links, answered while the user drags.
 */
export function connectionProblem(draft: WorkflowDraft, link: ProposedLink): string | undefined {
  const from = draft.nodes.find((n) => n.id === link.source)
  const to = draft.nodes.find((n) => n.id === link.target)
  if (!from || !to) return 'both ends must be nodes of this workflow'
  if (from.id === to.id) return 'a node cannot feed itself'
  const port = link.sourceHandle ?? 'out'
  const ports = portsOf(from)
  if (!ports.includes(port))
    return ports.length === 0
      ? `"${from.id}" is a sink and has no outputs`
      : `"${from.id}" has no port "${port}"`
  if (!takesInput(to)) return `"${to.id}" is a source and takes no input`
  if (draft.links.some((l) => l.from === from.id && l.port === port && l.to === to.id))
    return 'these ports are already linked'
  if (reaches(draft, to.id, from.id)) return `the link would make a cycle through "${to.id}"`
  return undefined
}

/** True when `target` can be reached from `start` by following links. */
export function reaches(draft: WorkflowDraft, start: string, target: string): boolean {
  const next = successors(draft.links)
  const seen = new Set<string>()
  const stack = [start]
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (id === target) return true
    if (seen.has(id)) continue
    seen.add(id)
    stack.push(...(next.get(id) ?? []))
  }
  return false
}
