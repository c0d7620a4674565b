import type { Asset } from '@sluice/assets'
import { useDeferredValue, useMemo, useRef } from 'react'
import type { WorkflowDraft } from './draft.ts'
import { draftIssues, type PlacedIssue } from './draft-issues.ts'

interface Checked {
  props: readonly unknown[]
  ids: readonly string[]
  types: readonly string[]
  links: WorkflowDraft['links']
  errorSink: string | undefined
  assets: readonly Asset[]
  issues: PlacedIssue[]
}

function same(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i])
}

/**
 * The draft's issues, checked after each change that can affect them: moving nodes does not
 * re-check, and checks run deferred so typing and dragging stay smooth on large workflows.
 */
export function useDraftIssues(draft: WorkflowDraft, name: string, assets: readonly Asset[]): PlacedIssue[] {
  const deferred = useDeferredValue(draft)
  const last = useRef<Checked | undefined>(undefined)
  return useMemo(() => {
    const props = deferred.nodes.map((n) => n.props)
    const ids = deferred.nodes.map((n) => n.id)
    const types = deferred.nodes.map((n) => n.type)
    const previous = last.current
    if (
      previous &&
      previous.links === deferred.links &&
      previous.errorSink === deferred.errorSink &&
      previous.assets === assets &&
      same(previous.props, props) &&
      same(previous.ids, ids) &&
      same(previous.types, types)
    )
      return previous.issues
    const issues = draftIssues(deferred, name || 'workflow', assets)
    last.current = { props, ids, types, links: deferred.links, errorSink: deferred.errorSink, assets, issues }
    return issues
  }, [deferred, name, assets])
}
