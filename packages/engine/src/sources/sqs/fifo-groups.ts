/**
 * Keeps the messages of each FIFO message group in order: the first of a group goes out at once,
 * the next only when the one before it is settled. What waits here is bounded by the messages
 * the consumer holds.
 */
export class FifoGroups<T> {
  private readonly waiting = new Map<string, T[]>()

  /** True when `item` may go out now; otherwise it waits behind its group's message in flight. */
  admit(group: string, item: T): boolean {
    const queue = this.waiting.get(group)
    if (queue === undefined) {
      this.waiting.set(group, [])
      return true
    }
    queue.push(item)
    return false
  }

  /** The group's message in flight is settled: the next one to send, if any. */
  next(group: string): T | undefined {
    const queue = this.waiting.get(group)
    const item = queue?.shift()
    if (item === undefined) this.waiting.delete(group)
    return item
  }

  /** The group's message in flight failed: the ones waiting behind it, which must be released too. */
  abandon(group: string): T[] {
    const queue = this.waiting.get(group) ?? []
    this.waiting.delete(group)
    return queue
  }

  /** Every message still waiting, of every group (on stop). */
  abandonAll(): T[] {
    const all = [...this.waiting.values()].flat()
    this.waiting.clear()
    return all
  }
}
