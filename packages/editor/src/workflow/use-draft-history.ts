import { useCallback, useMemo, useState } from 'react'
import type { WorkflowDraft } from './draft.ts'
import { checkpoint, commit, type History, historyOf, redo, replace, undo } from './history.ts'

export interface DraftHistory {
  draft: WorkflowDraft
  canUndo: boolean
  canRedo: boolean
  /** A change the user can undo. */
  change(update: (draft: WorkflowDraft) => WorkflowDraft): void
  /** Starts a step made of many small changes (a drag); each then goes through {@link adjust}. */
  begin(): void
  adjust(update: (draft: WorkflowDraft) => WorkflowDraft): void
  undo(): void
  redo(): void
  /** Replaces everything, history included: a load or a reload. */
  reset(draft: WorkflowDraft): void
}

const EMPTY: WorkflowDraft = { nodes: [], links: [], rest: {} }

/** The draft being edited with its undo and redo stacks. */
export function useDraftHistory(): DraftHistory {
  const [history, setHistory] = useState<History<WorkflowDraft>>(() => historyOf(EMPTY))
  const change = useCallback(
    (update: (d: WorkflowDraft) => WorkflowDraft) => setHistory((h) => commit(h, update(h.present))),
    [],
  )
  const adjust = useCallback(
    (update: (d: WorkflowDraft) => WorkflowDraft) => setHistory((h) => replace(h, update(h.present))),
    [],
  )
  const begin = useCallback(() => setHistory(checkpoint), [])
  const doUndo = useCallback(() => setHistory(undo), [])
  const doRedo = useCallback(() => setHistory(redo), [])
  const reset = useCallback((draft: WorkflowDraft) => setHistory(historyOf(draft)), [])
  return useMemo(
    () => ({
      draft: history.present,
      canUndo: history.past.length > 0,
      canRedo: history.future.length > 0,
      change,
      begin,
      adjust,
      undo: doUndo,
      redo: doRedo,
      reset,
    }),
    [history, change, begin, adjust, doUndo, doRedo, reset],
  )
}
