import { awsErrorName, classifyAwsError, classifyEntryError, type FailedCall } from '@sluice/aws'
import type { DeliveryError } from '../../runtime/errors.ts'
import { dependencyFailure, serviceError } from '../shared/dependency.ts'
import { exhausted, type FailureOrigin, rejected } from '../shared/failures.ts'
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
 * no answer for the entry, a failure that is not the sender's fault); refused because its target
 * or access is unavailable (a dependency failure, see {@link dependencyFailure}); or refused for
 * good.
 */
export function entryVerdict(
  outcome: EntryOutcome | undefined,
  origin: FailureOrigin,
  call: FailedCall,
): EntryVerdict {
  if (outcome?.ok) return { kind: 'ack' }
  const code = outcome?.code
  const message = outcome?.message ?? 'the answer did not mention this entry'
  if (classifyEntryError(code, outcome?.senderFault) === 'retryable')
    return { kind: 'retry', failure: { code: code ?? 'MissingResult', message } }
  const named = code ?? 'Unknown'
  const error =
    dependencyFailure(origin, serviceError(named, message), call) ?? rejected(origin, named, message)
  return { kind: 'nack', error }
}

/**
 * Judges a call that failed as a whole: retryable as `classifyAwsError` says; a missing target,
 * refused access or credentials nack every entry with a dependency error; a validation-like
 * refusal of a call with several entries isolates them; anything else refuses every entry.
 */
export function callVerdict(
  error: unknown,
  entries: number,
  origin: FailureOrigin,
  call: FailedCall,
): CallVerdict {
  const failure: AttemptFailure = {
    code: awsErrorName(error),
    message: error instanceof Error ? error.message : String(error),
    cause: error,
  }
  if (classifyAwsError(error) === 'retryable') return { kind: 'retry', failure }
  const dependency = dependencyFailure(origin, error, call)
  if (dependency !== undefined) return { kind: 'nack', failure, error: dependency }
  if (entries > 1 && ENTRY_CAUSED.test(failure.code)) return { kind: 'isolate', failure }
  return { kind: 'nack', failure, error: rejected(origin, failure.code, failure.message, error) }
}

/**
 * The nack of an entry whose every attempt failed retryably: a dependency error when the last
 * failure says the endpoint cannot be reached, else `aws.<code>` (retryable) naming the attempts.
 */
export function exhaustedVerdict(
  failure: AttemptFailure,
  attempts: number,
  origin: FailureOrigin,
  call: FailedCall,
): DeliveryError {
  const cause = failure.cause ?? serviceError(failure.code, failure.message)
  return (
    dependencyFailure(origin, cause, call) ??
    exhausted(origin, attempts, failure.code, failure.message, failure.cause)
  )
}
