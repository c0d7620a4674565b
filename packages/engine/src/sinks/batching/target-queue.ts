/** What the queue needs to know of an entry. */
export interface Queueable {
  /** Write order; a retried entry goes back in this order, ahead of later ones. */
  readonly seq: number
  /** When it was written, for linger. */
  readonly since: number
  /** Sent in a call of its own, to find which entry made a whole call fail. */
  readonly alone: boolean
  readonly entry: { readonly bytes: number; readonly orderKey?: string }
}

/** Limits of one call. */
export interface CallLimits {
  readonly maxEntries: number
  readonly maxBytes: number
}

/** The entries of one target waiting to be sent, in write order. */
export class TargetQueue<I extends Queueable> {
  private items: I[] = []
  private queuedBytes = 0

  get size(): number {
    return this.items.length
  }

  get bytes(): number {
    return this.queuedBytes
  }

  /** When the oldest waiting entry was written. */
  get oldestSince(): number | undefined {
    return this.items[0]?.since
  }

  /** The write order of the oldest waiting entry. */
  get oldestSeq(): number | undefined {
    return this.items[0]?.seq
  }

  add(item: I): void {
    this.queuedBytes += item.entry.bytes
    const last = this.items.at(-1)
    if (last === undefined || last.seq < item.seq) {
      this.items.push(item)
      return
    }
    let low = 0
    let high = this.items.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if ((this.items[middle]?.seq ?? 0) < item.seq) low = middle + 1
      else high = middle
    }
    this.items.splice(low, 0, item)
  }

  /**
   * Removes and returns the next call's entries, in order: at most `maxEntries`, at most `maxBytes`
   * together. An entry whose order key is `locked`, or follows an entry of its key that could not
   * be taken, stays queued; an entry marked `alone` goes in a call by itself.
   */
  take(limits: CallLimits, locked: (key: string) => boolean): I[] {
    const taken: I[] = []
    const takenAt: number[] = []
    const blocked = new Set<string>()
    let bytes = 0
    for (let i = 0; i < this.items.length && taken.length < limits.maxEntries; i++) {
      const item = this.items[i]
      if (item === undefined) break
      const key = item.entry.orderKey
      if (key !== undefined && (blocked.has(key) || locked(key))) continue
      const fits = bytes + item.entry.bytes <= limits.maxBytes && !(item.alone && taken.length > 0)
      if (!fits) {
        if (key === undefined) break
        blocked.add(key)
        continue
      }
      taken.push(item)
      takenAt.push(i)
      bytes += item.entry.bytes
      if (item.alone) break
    }
    this.remove(takenAt)
    this.queuedBytes -= bytes
    return taken
  }

  /** Removes and returns every waiting entry. */
  drain(): I[] {
    const all = this.items
    this.items = []
    this.queuedBytes = 0
    return all
  }

  private remove(indexes: readonly number[]): void {
    if (indexes.length === 0) return
    if (indexes.at(-1) === indexes.length - 1) {
      this.items.splice(0, indexes.length)
      return
    }
    const drop = new Set(indexes)
    this.items = this.items.filter((_, i) => !drop.has(i))
  }
}
