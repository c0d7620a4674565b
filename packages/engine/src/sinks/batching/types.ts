import type { FailedCall } from '@sluice/aws'
import type { Envelope } from '../../runtime/envelope.ts'
import type { RetryPolicy } from './backoff.ts'

/** One entry of a batch call, prepared from one envelope before it is queued. */
export interface BatchEntry<P> {
  /** What a call is addressed to (a topic, a queue); entries of one call share it. */
  readonly target: string
  /** The service's request entry, without the per-call id. */
  readonly payload: P
  /** Bytes the entry counts against the service's per-message and per-call limits. */
  readonly bytes: number
  /**
   * Entries with the same key keep their order (a FIFO message group): one is never sent while an
   * earlier one of the same key is in flight or waiting to be retried. Within one call they go in
   * order; should the service refuse one and take a later one of the same key, the refused one
   * arrives after it when retried (the services give no way to stop the later one).
   */
  readonly orderKey?: string
}

/** The service's answer for one entry of a call. */
export type EntryOutcome =
  | { readonly ok: true }
  | {
      readonly ok: false
      /** The service's error code; `undefined` when the answer did not mention the entry. */
      readonly code: string | undefined
      readonly message: string
      /** SQS and SNS say whether the sender is at fault; `false` makes a failure retryable. */
      readonly senderFault?: boolean
    }

/**
 * What a batching sink needs from its service: how to turn an envelope into entries, and how to
 * send one call. The batching core does everything else (limits, linger, in-flight, retries, acks).
 */
export interface BatchService<P> {
  /** The service's name in error messages, e.g. `SQS`. */
  readonly name: string
  /** The most bytes one entry may count, whatever the batching settings. */
  readonly maxEntryBytes: number
  /**
   * The call to `target` as errors name it (`SendMessageBatch to queue "orders"`) and the IAM
   * action it needs, for the message of a failure that is not the message's fault.
   */
  describeCall(target: string): FailedCall
  /**
   * Renders an envelope into its entries: one for most services, one per bus for EventBridge (the
   * envelope is then acked only when every entry is). Throws a {@link DeliveryError} when the
   * message can never be sent, or `MessageFieldMissingError` from a template. `now` is shared by
   * the messages written in the same millisecond: read it, never change it.
   */
  prepare(envelope: Envelope, now: Date): readonly BatchEntry<P>[]
  /**
   * Makes one call with entries of one target; answers one outcome per entry, in order. Rejects
   * when the whole call failed. Called at most `maxInFlight` times at once.
   */
  send(target: string, payloads: readonly P[], signal: AbortSignal): Promise<readonly EntryOutcome[]>
}

/** The batching and retry settings of a sink spec. */
export interface BatchingSettings {
  readonly batching: { readonly maxEntries: number; readonly maxBytes: number; readonly lingerMs: number }
  readonly maxInFlight: number
  readonly retry: RetryPolicy
}
