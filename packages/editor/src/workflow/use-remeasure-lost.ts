import { useReactFlow, useUpdateNodeInternals } from '@xyflow/react'
import { useCallback, useEffect, useRef } from 'react'
import type { StepNode } from './flow-elements.ts'

/**
 * Keeps measured nodes measured. A node object built before its measurement arrived can reach
 * React Flow just after it; React Flow then forgets the node's size and handles, and its resize
 * observer, having reported already, stays silent, so the node would stay hidden and unlinkable.
 * After every change of `nodes`, this measures such nodes again from the page.
 *
 * Call `noteMeasured(id)` for each `dimensions` change the canvas receives.
 */
export function useRemeasureLost(nodes: readonly StepNode[]): { noteMeasured(id: string): void } {
  const flow = useReactFlow<StepNode>()
  const updateNodeInternals = useUpdateNodeInternals()
  const measured = useRef(new Set<string>())
  useEffect(() => {
    const lost = nodes
      .filter((node) => measured.current.has(node.id))
      .filter((node) => flow.getInternalNode(node.id)?.internals.handleBounds === undefined)
      .map((node) => node.id)
    if (lost.length > 0) updateNodeInternals(lost)
  }, [nodes, flow, updateNodeInternals])
  const noteMeasured = useCallback((id: string) => {
    measured.current.add(id)
  }, [])
  return { noteMeasured }
}
