import type { Message } from './sqs-api.ts'

/** SQS lets a received message stay hidden for at most 12 hours. */
export const MAX_VISIBILITY_SECONDS = 43_200

/**
 * A received message that this consumer still holds: hidden from other consumers until it is
 * deleted or released. `state` says which of the two is under way.
 */
export interface HeldMessage {
  readonly message: Message
  readonly receiptHandle: string
  /** `Date.now()` when the receive that got it was sent (SQS's 12 hours count from about then). */
  readonly receivedAt: number
  /** `Date.now()` at which it becomes visible again unless extended. */
  visibleUntil: number
  /** ApproximateReceiveCount: 1 on the first delivery. */
  readonly receiveCount: number
  state: 'held' | 'deleting' | 'releasing'
  /** Set once the 12-hour limit stopped the heartbeat from extending it. */
  atVisibilityLimit: boolean
}

/** Seconds of visibility still allowed before the message reaches SQS's 12-hour limit. */
export function visibilityLeftSeconds(held: HeldMessage, now: number): number {
  return Math.floor(MAX_VISIBILITY_SECONDS - (now - held.receivedAt) / 1000) - 5
}
