import { useState } from 'react'

export interface Action {
  /** The last failure, until the next run. */
  error: unknown
  busy: boolean
  /** Runs `work`, keeping its failure; calls `after` when it succeeded. Answers whether it did. */
  run(work: () => Promise<unknown>): Promise<boolean>
}

/** A button's server call: busy while it runs, its failure kept for the page to show. */
export function useAction(after?: () => void): Action {
  const [error, setError] = useState<unknown>()
  const [busy, setBusy] = useState(false)
  return {
    error,
    busy,
    async run(work) {
      setBusy(true)
      setError(undefined)
      try {
        await work()
        after?.()
        return true
      } catch (failure) {
        setError(failure)
        return false
      } finally {
        setBusy(false)
      }
    },
  }
}
