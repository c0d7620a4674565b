import { awsErrorName, classifyAwsError, classifyEntryError } from '@sluice/aws'
import type { DeliveryError } from '../../runtime/errors.ts'
import { type FailureOrigin, rejected } from '../shared/failures.ts'
import type { AttemptFailure } from './batch-item.ts'
import type { EntryOutcome } from './types.ts'

/** What becomes of one entry after its call answered. */
export type EntryVerdict =
  | { readonly kind: 'ack' }
  | { readonly kind: 'nack'; readonly error: DeliveryError }
  | { readonly kind: 'retry'; readonly failure: AttemptFailure }

/** What becomes of the entries of a call that failed as a whole. */
export type CallVerdict =
  | { readonly kind: 'retry'; readonly failure: AttemptFailure }
  /** One entry may have spoiled the call: send each alone to find it. */
  | { readonly kind: 'isolate'; readonly failure: AttemptFailure }
  | { readonly kind: 'nack'; readonly failure: AttemptFailure; readonly error: DeliveryError }

/** Whole-call errors that one bad entry can cause. */
const ENTRY_CAUSED = /Validation|InvalidParameter|InvalidMessageContents|TooLong|InvalidAttribute|Malformed/i

/**
 * Judges one entry from the service's answer: accepted; retryable (throttling, internal errors,
 * no answer for the entry, a failure that is not the sender's fault); or refused for good.
 */
export function entryVerdict(outcome: EntryOutcome | undefined, origin: FailureOrigin): EntryVerdict {
  if (outcome?.ok) return { kind: 'ack' }
  const code = outcome?.code
  const message = outcome?.message ?? 'the answer did not mention this entry'
  if (classifyEntryError(code, outcome?.senderFault) === 'retryable')
    return { kind: 'retry', failure: { code: code ?? 'MissingResult', message } }
  return { kind: 'nack', error: rejected(origin, code ?? 'Unknown', message) }
}

/**
 * Judges a call that failed as a whole: retryable as `classifyAwsError` says; a validation-like
 * refusal of a call with several entries isolates them; anything else refuses every entry.
 */
export function callVerdict(error: unknown, entries: number, origin: FailureOrigin): CallVerdict {
  const failure: AttemptFailure = {
    code: awsErrorName(error),
    message: error instanceof Error ? error.message : String(error),
    cause: error,
  }
  if (classifyAwsError(error) === 'retryable') return { kind: 'retry', failure }
  if (entries > 1 && ENTRY_CAUSED.test(failure.code)) return { kind: 'isolate', failure }
  return { kind: 'nack', failure, error: rejected(origin, failure.code, failure.message, error) }
}
