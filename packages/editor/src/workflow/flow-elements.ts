import type { Edge, Node } from '@xyflow/react'
import type { DraftNode, WorkflowDraft } from './draft.ts'
import { linkId } from './draft.ts'
import type { PlacedIssue } from './draft-issues.ts'
import { nodeTitle } from './palette-items.ts'
import { portsOf, takesInput } from './ports.ts'

/** What a step node draws. */
export type StepData = {
  node: DraftNode
  title: string
  ports: string[]
  takesInput: boolean
  issues: readonly PlacedIssue[]
  isErrorSink: boolean
}

export type StepNode = Node<StepData, 'step'>

interface Cached {
  node: DraftNode
  selected: boolean
  issues: readonly PlacedIssue[] | undefined
  assetKind: string | undefined
  width: number | undefined
  height: number | undefined
  isErrorSink: boolean
  flow: StepNode
}

/**
 * Turns the draft into canvas nodes, reusing the node objects that did not change so that a drag
 * or an edit re-renders only what moved: the canvas stays fast at hundreds of nodes. Each node
 * carries the size the canvas measured, since a node handed over without it is measured again and
 * loses its handles (and so its links) until then.
 */
export class FlowNodeCache {
  readonly #cache = new Map<string, Cached>()

  nodes(
    draft: WorkflowDraft,
    selected: ReadonlySet<string>,
    issues: ReadonlyMap<string, readonly PlacedIssue[]>,
    assetKindOf: (name: string) => string | undefined,
    measuredOf: (id: string) => { width: number; height: number } | undefined,
  ): StepNode[] {
    const seen = new Set<string>()
    const kept = new Set<string>()
    const nodes = draft.nodes.map((node, index) => {
      const key = seen.has(node.id) ? `${node.id}#${index}` : node.id
      seen.add(node.id)
      kept.add(key)
      const asset = node.props.asset
      const assetKind = typeof asset === 'string' ? assetKindOf(asset) : undefined
      const size = measuredOf(key)
      const isSelected = selected.has(key)
      const nodeIssues = issues.get(node.id)
      const isErrorSink = draft.errorSink === node.id
      const hit = this.#cache.get(key)
      if (
        hit &&
        hit.node === node &&
        hit.selected === isSelected &&
        hit.issues === nodeIssues &&
        hit.assetKind === assetKind &&
        hit.width === size?.width &&
        hit.height === size?.height &&
        hit.isErrorSink === isErrorSink
      )
        return hit.flow
      const flow: StepNode = {
        id: key,
        type: 'step',
        position: node.position,
        selected: isSelected,
        data: {
          node,
          title: nodeTitle(node.type, assetKind),
          ports: portsOf(node),
          takesInput: takesInput(node),
          issues: nodeIssues ?? [],
          isErrorSink,
        },
        ...(size ? { measured: size } : {}),
        ariaLabel: `${nodeTitle(node.type, assetKind)} ${node.id}${nodeIssues ? `, ${nodeIssues.length} issue(s)` : ''}`,
      }
      this.#cache.set(key, {
        node,
        selected: isSelected,
        issues: nodeIssues,
        assetKind,
        width: size?.width,
        height: size?.height,
        isErrorSink,
        flow,
      })
      return flow
    })
    for (const key of this.#cache.keys()) if (!kept.has(key)) this.#cache.delete(key)
    return nodes
  }
}

/** The canvas edges of the draft's links; a link with an issue is drawn as invalid. */
export function flowEdges(
  draft: WorkflowDraft,
  selected: ReadonlySet<string>,
  invalid: ReadonlySet<string>,
): Edge[] {
  return draft.links.map((link) => {
    const id = linkId(link)
    return {
      id,
      source: link.from,
      sourceHandle: link.port,
      target: link.to,
      targetHandle: 'in',
      selected: selected.has(id),
      ...(invalid.has(id) ? { className: 'edge-invalid' } : {}),
    }
  })
}
