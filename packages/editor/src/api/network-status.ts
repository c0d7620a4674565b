/** What the banner says about the config server: requests under way, slow ones, and whether it answers. */
export interface NetworkState {
  pending: number
  /** A request has been waiting longer than the slow threshold. */
  slow: boolean
  /** The last request could not reach the server at all. */
  unreachable: boolean
}

type Listener = () => void

/** A tiny store of {@link NetworkState}, read by React through `useSyncExternalStore`. */
export class NetworkStatus {
  #state: NetworkState = { pending: 0, slow: false, unreachable: false }
  readonly #listeners = new Set<Listener>()
  #slowTimers = new Map<number, ReturnType<typeof setTimeout>>()
  #next = 0
  readonly #slowAfterMs: number

  constructor(slowAfterMs = 3000) {
    this.#slowAfterMs = slowAfterMs
  }

  readonly subscribe = (listener: Listener): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  readonly snapshot = (): NetworkState => this.#state

  /** Marks a request as started; call the returned function when it settles. */
  begin(): (outcome: 'answered' | 'unreachable') => void {
    const id = this.#next++
    this.#set({ pending: this.#state.pending + 1 })
    this.#slowTimers.set(
      id,
      setTimeout(() => this.#set({ slow: true }), this.#slowAfterMs),
    )
    return (outcome) => {
      clearTimeout(this.#slowTimers.get(id))
      this.#slowTimers.delete(id)
      const pending = this.#state.pending - 1
      this.#set({
        pending,
        slow: this.#slowTimers.size > 0 && this.#state.slow,
        unreachable: outcome === 'unreachable',
      })
    }
  }

  #set(change: Partial<NetworkState>): void {
    this.#state = { ...this.#state, ...change }
    for (const listener of this.#listeners) listener()
  }
}
