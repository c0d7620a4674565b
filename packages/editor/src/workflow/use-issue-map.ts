import { useMemo, useRef } from 'react'
import type { PlacedIssue } from './draft-issues.ts'
import { issuesByNode } from './draft-issues.ts'

function sameIssues(a: readonly PlacedIssue[], b: readonly PlacedIssue[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => x.issue.message === b[i]?.issue.message && x.issue.path === b[i]?.issue.path)
  )
}

/**
 * Issues by node, keeping the previous array of a node whose issues did not change, so only
 * nodes whose issues changed re-render.
 */
export function useIssueMap(issues: readonly PlacedIssue[]): ReadonlyMap<string, readonly PlacedIssue[]> {
  const previous = useRef<ReadonlyMap<string, readonly PlacedIssue[]>>(new Map())
  return useMemo(() => {
    const next = new Map<string, readonly PlacedIssue[]>()
    for (const [id, list] of issuesByNode(issues)) {
      const old = previous.current.get(id)
      next.set(id, old && sameIssues(old, list) ? old : list)
    }
    previous.current = next
    return next
  }, [issues])
}
