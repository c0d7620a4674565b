/**
 * The entries a sink has not settled yet, in write order, and the `flush` calls waiting for them.
 * A flush waits for the entries written before it, not for later ones.
 */
export class SettleTracker<T extends { readonly seq: number }> {
  private readonly open = new Set<T>()
  private readonly waiters: { seq: number; resolve: () => void }[] = []

  get size(): number {
    return this.open.size
  }

  /** True while a flush waits: partial batches are then sent without linger. */
  get flushing(): boolean {
    return this.waiters.length > 0
  }

  add(item: T): void {
    this.open.add(item)
  }

  has(item: T): boolean {
    return this.open.has(item)
  }

  items(): T[] {
    return [...this.open]
  }

  settled(item: T): void {
    this.open.delete(item)
    if (this.waiters.length === 0) return
    const oldest = this.open.values().next().value?.seq ?? Number.POSITIVE_INFINITY
    while ((this.waiters[0]?.seq ?? Number.POSITIVE_INFINITY) < oldest) this.waiters.shift()?.resolve()
  }

  /** Resolves once every entry up to `seq` is settled. */
  waitFor(seq: number): Promise<void> {
    const oldest = this.open.values().next().value?.seq
    if (oldest === undefined || oldest > seq) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push({ seq, resolve }))
  }
}
