/**
 * The abort signal of one receive call: it aborts when `abandon` does, and `graceMs` after `stop`
 * does (at once with 0). `dispose` removes the listeners once the call is over, so a poller that
 * loops for days does not pile them up.
 */
export function receiveCutoff(
  stop: AbortSignal,
  abandon: AbortSignal,
  graceMs: number,
): { readonly signal: AbortSignal; dispose(): void } {
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const abort = () => controller.abort()
  const stopped = () => {
    if (graceMs === 0) abort()
    else timer ??= setTimeout(abort, graceMs)
  }
  if (abandon.aborted) abort()
  else abandon.addEventListener('abort', abort, { once: true })
  if (stop.aborted) stopped()
  else stop.addEventListener('abort', stopped, { once: true })
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer)
      abandon.removeEventListener('abort', abort)
      stop.removeEventListener('abort', stopped)
    },
  }
}
