/**
 * A first-in first-out queue on a growable ring buffer: O(1) push and shift. Runtime queues hold
 * only unsettled envelopes, so the sources' in-flight bound caps their length.
 */
export class Queue<T> {
  private items: (T | undefined)[] = new Array(16)
  private head = 0
  length = 0

  push(item: T): void {
    if (this.length === this.items.length) this.grow()
    this.items[(this.head + this.length) % this.items.length] = item
    this.length += 1
  }

  shift(): T | undefined {
    if (this.length === 0) return undefined
    const item = this.items[this.head]
    this.items[this.head] = undefined
    this.head = (this.head + 1) % this.items.length
    this.length -= 1
    return item
  }

  peek(): T | undefined {
    return this.length === 0 ? undefined : this.items[this.head]
  }

  private grow(): void {
    const next: (T | undefined)[] = new Array(this.items.length * 2)
    for (let i = 0; i < this.length; i++) next[i] = this.items[(this.head + i) % this.items.length]
    this.items = next
    this.head = 0
  }
}
