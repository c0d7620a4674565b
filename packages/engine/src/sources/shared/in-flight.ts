/**
 * A bound on work held at once (received messages, emitted records, objects being read). A
 * producer takes slots before it pulls from the service and the settlement of each item gives its
 * slot back, so the producer waits instead of queueing: this is the demand that keeps memory flat.
 */
export class InFlightGate {
  readonly limit: number
  private used = 0
  private readonly waiters = new Set<() => void>()
  private readonly idleWaiters: (() => void)[] = []

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`in-flight limit must be ≥ 1, got ${limit}`)
    this.limit = limit
  }

  /** Slots taken now. */
  get inUse(): number {
    return this.used
  }

  /** Slots free now. */
  get room(): number {
    return this.limit - this.used
  }

  /**
   * Takes between 1 and `wanted` slots, as many as are free, waiting while none is. Resolves with
   * the number taken, or 0 when `signal` aborts first.
   */
  async acquire(wanted = 1, signal?: AbortSignal): Promise<number> {
    while (this.room === 0) {
      if (signal?.aborted) return 0
      await this.roomOrAbort(signal)
    }
    if (signal?.aborted) return 0
    const taken = Math.min(Math.max(1, wanted), this.room)
    this.used += taken
    return taken
  }

  /** Gives back `count` slots and wakes the producers waiting for room. */
  release(count = 1): void {
    if (count > this.used) throw new RangeError(`released ${count} slots but only ${this.used} are taken`)
    this.used -= count
    if (this.waiters.size > 0) for (const wake of [...this.waiters]) wake()
    if (this.used === 0) for (const resolve of this.idleWaiters.splice(0)) resolve()
  }

  /** Resolves once no slot is taken. */
  idle(): Promise<void> {
    if (this.used === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  private roomOrAbort(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.waiters.delete(done)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      this.waiters.add(done)
      signal?.addEventListener('abort', done, { once: true })
    })
  }
}
