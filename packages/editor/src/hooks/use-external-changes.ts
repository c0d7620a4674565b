import type { AssetView } from '@sluice/assets'
import { useEffect, useRef, useState } from 'react'
import { ApiError } from '../api/http.ts'
import { useApi } from '../app/session.tsx'

/** What happened to the asset on the server while it was open here. */
export type ExternalChange = { kind: 'changed'; latest: AssetView } | { kind: 'deleted' } | undefined

const POLL_MS = 4000

/**
 * Watches an open asset for changes made elsewhere (its file edited on disk, another user's save)
 * by asking for its version every few seconds while the page is visible. The config server has no
 * per-asset change stream yet, so this polls; it stops when the page unmounts.
 */
export function useExternalChanges(
  kind: string,
  name: string | undefined,
  version: string | undefined,
): ExternalChange {
  const api = useApi()
  const [change, setChange] = useState<ExternalChange>()
  const known = useRef(version)
  known.current = version
  useEffect(() => {
    setChange(undefined)
    if (name === undefined) return
    let stopped = false
    const check = async () => {
      if (document.hidden || known.current === undefined) return
      try {
        const latest = await api.assets.get(kind, name)
        if (!stopped && latest.version !== known.current) setChange({ kind: 'changed', latest })
        if (!stopped && latest.version === known.current) setChange(undefined)
      } catch (error) {
        if (!stopped && error instanceof ApiError && error.status === 404) setChange({ kind: 'deleted' })
      }
    }
    const timer = setInterval(() => void check(), POLL_MS)
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }, [api, kind, name])
  return change
}
