/** Serializes work per key: each holder runs only after the previous holder of that key released. */
export interface KeyLock {
  /**
   * Queues for `key`. `ready` resolves when it is this caller's turn; `release` must be called
   * exactly once afterwards (calling it earlier, e.g. on abort, only lets the next holder go once
   * this one's turn has come).
   */
  acquire(key: string): { ready: Promise<void>; release: () => void }
}

/** Creates an in-memory {@link KeyLock}. */
export function createKeyLock(): KeyLock {
  const tails = new Map<string, Promise<void>>()
  return {
    acquire(key) {
      const previous = tails.get(key) ?? Promise.resolve()
      let release: () => void = () => {}
      const mine = new Promise<void>((resolve) => {
        release = resolve
      })
      const tail = previous.then(() => mine)
      tails.set(key, tail)
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key)
      })
      return { ready: previous, release }
    },
  }
}
