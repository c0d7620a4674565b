import { useCallback, useEffect, useRef, useState } from 'react'

export interface Resource<T> {
  data: T | undefined
  error: Error | undefined
  loading: boolean
  reload(): void
  /** Replaces the data, e.g. with what a save answered. */
  setData(data: T): void
}

/**
 * Loads data when `key` changes, keeping the last data while reloading so pages do not flash.
 * Answers that arrive after a newer request started are dropped.
 */
export function useResource<T>(key: string, load: () => Promise<T>): Resource<T> {
  const [data, setData] = useState<T>()
  const [error, setError] = useState<Error>()
  const [loading, setLoading] = useState(true)
  const [generation, setGeneration] = useState(0)
  const loader = useRef(load)
  loader.current = load
  const latest = useRef(0)

  // biome-ignore lint/correctness/useExhaustiveDependencies: the key and the reload generation are what trigger a load
  useEffect(() => {
    const ticket = ++latest.current
    setLoading(true)
    loader.current().then(
      (value) => {
        if (ticket !== latest.current) return
        setData(value)
        setError(undefined)
        setLoading(false)
      },
      (failure: unknown) => {
        if (ticket !== latest.current) return
        setError(failure instanceof Error ? failure : new Error(String(failure)))
        setLoading(false)
      },
    )
  }, [key, generation])

  const reload = useCallback(() => setGeneration((g) => g + 1), [])
  return { data, error, loading, reload, setData }
}
