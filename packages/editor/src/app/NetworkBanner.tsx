import { useSyncExternalStore } from 'react'
import type { NetworkStatus } from '../api/network-status.ts'

/** A line at the top while the server is slow or out of reach; work on the page is kept meanwhile. */
export function NetworkBanner(props: { status: NetworkStatus }) {
  const state = useSyncExternalStore(props.status.subscribe, props.status.snapshot)
  if (state.unreachable)
    return (
      <div className="banner banner-error" role="alert">
        The config server cannot be reached. Nothing on this page is lost; retry when it is back.
      </div>
    )
  if (state.slow && state.pending > 0)
    return (
      <div className="banner banner-warn" role="status">
        The config server is slow to answer… ({state.pending} request{state.pending === 1 ? '' : 's'} waiting)
      </div>
    )
  return null
}
