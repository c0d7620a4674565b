import { NodeView, OperationsSnapshot } from '@sluice/assets'
import { useCallback, useEffect, useState } from 'react'
import { decode } from '../api/http.ts'
import { useApi } from '../app/session.tsx'
import { addSamples, type Series } from './live-metrics.ts'

export interface OperationsState {
  snapshot: OperationsSnapshot | undefined
  series: Series
  /** The event stream is open. */
  live: boolean
  error: unknown
  reconnect(): void
}

function parse(data: unknown): unknown {
  try {
    return typeof data === 'string' ? JSON.parse(data) : undefined
  } catch {
    return undefined
  }
}

/**
 * The operations view's data: a snapshot of nodes and placements, then the server's event stream
 * (`snapshot` on structural changes, `heartbeat` per node), each heartbeat adding to the series the
 * rates and sparklines are drawn from.
 */
export function useOperations(): OperationsState {
  const api = useApi()
  const [snapshot, setSnapshot] = useState<OperationsSnapshot>()
  const [series, setSeries] = useState<Series>(new Map())
  const [live, setLive] = useState(false)
  const [error, setError] = useState<unknown>()
  const [attempt, setAttempt] = useState(0)

  const absorb = useCallback((next: OperationsSnapshot) => {
    setSnapshot(next)
    setSeries((s) =>
      next.nodes.reduce(
        (acc, n) => addSamples(acc, n.nodeId, n.workflows, Date.parse(n.lastSeenAt) || Date.now()),
        s,
      ),
    )
  }, [])

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new attempt opens a new stream
  useEffect(() => {
    let closed = false
    api.deploy.operations().then(
      (first) => !closed && absorb(first),
      (failure: unknown) => !closed && setError(failure),
    )
    const source = new EventSource('/api/operations/events')
    source.onopen = () => {
      setLive(true)
      setError(undefined)
    }
    source.onerror = () => {
      setLive(false)
      if (source.readyState === EventSource.CLOSED)
        setError(new Error('Live updates stopped (the server refused or closed the stream).'))
    }
    source.addEventListener('snapshot', (event) => {
      try {
        absorb(decode(OperationsSnapshot, parse(event.data), 'the operations stream'))
      } catch (failure) {
        setError(failure)
      }
    })
    source.addEventListener('heartbeat', (event) => {
      try {
        const node = decode(NodeView, parse(event.data), 'the operations stream')
        setSnapshot(
          (s) =>
            s && {
              ...s,
              nodes: s.nodes.some((n) => n.nodeId === node.nodeId)
                ? s.nodes.map((n) => (n.nodeId === node.nodeId ? node : n))
                : [...s.nodes, node],
            },
        )
        setSeries((s) =>
          addSamples(s, node.nodeId, node.workflows, Date.parse(node.lastSeenAt) || Date.now()),
        )
      } catch (failure) {
        setError(failure)
      }
    })
    return () => {
      closed = true
      source.close()
    }
  }, [api, absorb, attempt])

  return { snapshot, series, live, error, reconnect: () => setAttempt((a) => a + 1) }
}
