import type { Envelope } from '../../runtime/envelope.ts'
import type { Queueable } from './target-queue.ts'
import type { BatchEntry } from './types.ts'

/** Why the last attempt of an entry failed. */
export interface AttemptFailure {
  readonly code: string
  readonly message: string
  readonly cause?: unknown
}

/** An entry the batching core owns from `write` until its envelope is settled. */
export interface BatchItem<P> extends Queueable {
  readonly envelope: Envelope
  readonly entry: BatchEntry<P>
  /** Retryable failures so far. */
  failures: number
  alone: boolean
  lastFailure: AttemptFailure | undefined
  /** In a call now, or waiting for its backoff: later entries of its order key must wait. */
  holdsOrderLock: boolean
  /** In a call now. */
  inCall: boolean
}

/**
 * Per order key (target and FIFO message group), how many entries are in a call or backing off.
 * While any is, later entries of that key stay queued, so a group's messages keep their order.
 */
export class OrderLocks {
  private readonly held = new Map<string, number>()

  isLocked(target: string, orderKey: string): boolean {
    return this.held.has(OrderLocks.key(target, orderKey))
  }

  acquire(item: BatchItem<unknown>): void {
    const { orderKey, target } = item.entry
    if (orderKey === undefined || item.holdsOrderLock) return
    const key = OrderLocks.key(target, orderKey)
    this.held.set(key, (this.held.get(key) ?? 0) + 1)
    item.holdsOrderLock = true
  }

  release(item: BatchItem<unknown>): void {
    const { orderKey, target } = item.entry
    if (orderKey === undefined || !item.holdsOrderLock) return
    item.holdsOrderLock = false
    const key = OrderLocks.key(target, orderKey)
    const count = (this.held.get(key) ?? 1) - 1
    if (count > 0) this.held.set(key, count)
    else this.held.delete(key)
  }

  private static key(target: string, orderKey: string): string {
    return `${target}\u0000${orderKey}`
  }
}
