import { type GraphNode, hasInput, outputPorts } from '@sluice/assets'
import { isObject } from '../forms/schema-read.ts'
import type { DraftNode } from './draft.ts'

/** The parts of a draft node the graph rules of @sluice/assets read. */
export function graphNodeOf(node: DraftNode): GraphNode {
  const { routes, otherwise, expression } = node.props
  const named = Array.isArray(routes)
    ? routes.flatMap((r: unknown) =>
        isObject(r) && typeof r.name === 'string'
          ? [{ name: r.name, when: typeof r.when === 'string' ? r.when : '' }]
          : [],
      )
    : undefined
  return {
    id: node.id,
    type: node.type,
    ...(named === undefined ? {} : { routes: named }),
    ...(typeof otherwise === 'string' ? { otherwise } : {}),
    ...(typeof expression === 'string' ? { expression } : {}),
  }
}

/** The output ports of a draft node: `out`, or one per route (and `default`). */
export function portsOf(node: DraftNode): string[] {
  return outputPorts(graphNodeOf(node))
}

/** True when the node takes incoming links. */
export function takesInput(node: DraftNode): boolean {
  return hasInput(graphNodeOf(node))
}
