/**
 * The abort signal of one receive: it aborts when either `stop` or `abandon` does. `dispose`
 * removes the listeners once the call is over, so a poller that loops for days does not pile
 * them up.
 */
export function receiveCutoff(
  stop: AbortSignal,
  abandon: AbortSignal,
): { readonly signal: AbortSignal; dispose(): void } {
  const controller = new AbortController()
  const abort = () => controller.abort()
  for (const parent of [stop, abandon]) {
    if (parent.aborted) abort()
    else parent.addEventListener('abort', abort, { once: true })
  }
  return {
    signal: controller.signal,
    dispose() {
      stop.removeEventListener('abort', abort)
      abandon.removeEventListener('abort', abort)
    },
  }
}
