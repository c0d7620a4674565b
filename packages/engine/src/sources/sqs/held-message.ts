import type { Message } from './sqs-api.ts'

/** SQS lets a received message stay hidden for at most 12 hours. */
export const MAX_VISIBILITY_SECONDS = 43_200

/**
 * A received message that this consumer still holds: hidden from other consumers until it is
 * deleted or released. `state` says which of the two is under way. It keeps only what that takes,
 * not the message's content, so a body is not kept alive twice while its envelope is in flight.
 */
export interface HeldMessage {
  readonly messageId: string | undefined
  /** MessageGroupId, on FIFO queues. */
  readonly groupId: string | undefined
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

/** What one receive brought: each message as SQS returned it, and the hold on it. */
export interface ReceivedMessage {
  readonly message: Message
  readonly held: HeldMessage
}

/** Seconds of visibility still allowed before the message reaches SQS's 12-hour limit. */
export function visibilityLeftSeconds(held: HeldMessage, now: number): number {
  return Math.floor(MAX_VISIBILITY_SECONDS - (now - held.receivedAt) / 1000) - 5
}
