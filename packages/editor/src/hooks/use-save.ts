import type { AssetDocument, AssetView, IssueView } from '@sluice/assets'
import { useState } from 'react'
import { ApiError } from '../api/http.ts'
import { useApi } from '../app/session.tsx'

/** How a save ended: saved, refused with issues (422), or failed otherwise (the state says why). */
export type SaveOutcome = { saved: AssetView } | { refused: readonly IssueView[] } | { failed: true }

export interface SaveState {
  saving: boolean
  /** A failure other than issues or a conflict: server down, session expired, refused. */
  error: unknown
  /** The issues of the last refused save (422), with their JSON pointers. */
  issues: readonly IssueView[]
  /** The last save found a newer version on the server (412 or 409). */
  conflict: boolean
  /** Creates (no version) or replaces (If-Match `version`) the asset; `undefined` when refused. */
  save(document: AssetDocument, version: string | undefined): Promise<SaveOutcome>
  /** Replaces whatever version is on the server now: after the user chose to overwrite. */
  overwrite(document: AssetDocument): Promise<SaveOutcome>
  clearConflict(): void
}

/**
 * Saving an asset with optimistic concurrency. Every failure is kept as state for the page to show;
 * nothing the user typed is dropped on a failed save.
 */
export function useSave(): SaveState {
  const api = useApi()
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<unknown>()
  const [issues, setIssues] = useState<readonly IssueView[]>([])
  const [conflict, setConflict] = useState(false)

  const run = async (write: () => Promise<AssetView>): Promise<SaveOutcome> => {
    setSaving(true)
    setError(undefined)
    try {
      const saved = await write()
      setIssues([])
      setConflict(false)
      return { saved }
    } catch (failure) {
      if (failure instanceof ApiError && (failure.status === 412 || failure.code === 'version.stale'))
        setConflict(true)
      else if (failure instanceof ApiError && failure.status === 422) {
        setIssues(failure.issues)
        setError(failure)
        return { refused: failure.issues }
      } else setError(failure)
      return { failed: true }
    } finally {
      setSaving(false)
    }
  }

  return {
    saving,
    error,
    issues,
    conflict,
    save: (document, version) =>
      run(() => (version === undefined ? api.assets.create(document) : api.assets.update(document, version))),
    overwrite: (document) =>
      run(async () => {
        const latest = await api.assets.get(document.kind, document.name)
        return api.assets.update(document, latest.version)
      }),
    clearConflict: () => setConflict(false),
  }
}
