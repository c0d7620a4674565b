import { describeAwsFailure, type FailedCall } from '@sluice/aws'
import { DEPENDENCY_ERROR_CODES, type DeliveryError, type DependencyErrorCode } from '../../runtime/errors.ts'
import { type FailureOrigin, retryableFailure } from './failures.ts'

function dependencyCode(code: string): DependencyErrorCode | undefined {
  for (const known of DEPENDENCY_ERROR_CODES) if (known === code) return known
  return undefined
}

/** An error named as the service named it in a batch answer (`ErrorCode`, `Code`), for classifying. */
export function serviceError(code: string, message: string): Error {
  const error = new Error(message)
  error.name = code
  return error
}

/**
 * The nack for a sink call that failed because what it needs is unavailable rather than because of
 * the message: a missing queue, topic, stream, bus or bucket (`aws.not-found`), access denied,
 * credentials missing or refused, the wrong region, or an endpoint that cannot be reached. It carries
 * the runtime's dependency code (see `DEPENDENCY_ERROR_CODES`), so the workflow releases the message
 * and restarts with backoff instead of sending it to the error sink; the message names the call, the
 * IAM action and what to fix. `undefined` for any other failure.
 */
export function dependencyFailure(
  origin: FailureOrigin,
  error: unknown,
  call: FailedCall,
): DeliveryError | undefined {
  const failure = describeAwsFailure(error, call)
  const code = dependencyCode(failure.code)
  if (code === undefined) return undefined
  return retryableFailure(origin, code, failure.message, error)
}
