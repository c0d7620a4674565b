import { MessageFieldMissingError } from '@sluice/assets'
import { DeliveryError } from '../../runtime/errors.ts'

/** Which sink a failure happened at: the service's name for messages, the workflow node for the error. */
export interface FailureOrigin {
  readonly service: string
  readonly node: string
}

function failure(
  origin: FailureOrigin,
  code: string,
  message: string,
  permanent: boolean,
  cause?: unknown,
): DeliveryError {
  return new DeliveryError(code, message, {
    permanent,
    node: origin.node,
    ...(cause === undefined ? {} : { cause }),
  })
}

/** A message that can never be sent; never retried. */
export function permanentFailure(
  origin: FailureOrigin,
  code: string,
  message: string,
  cause?: unknown,
): DeliveryError {
  return failure(origin, code, message, true, cause)
}

/** A failure worth trying again later; the source makes the message available again. */
export function retryableFailure(
  origin: FailureOrigin,
  code: string,
  message: string,
  cause?: unknown,
): DeliveryError {
  return failure(origin, code, message, false, cause)
}

/** The message is bigger than one entry may be (`limit` says which limit and why). */
export function tooLarge(origin: FailureOrigin, bytes: number, limit: number, which: string): DeliveryError {
  return permanentFailure(
    origin,
    'sink.too-large',
    `the message is ${bytes} bytes, over the ${limit}-byte limit (${which}); it was not sent`,
  )
}

/** The service refused the message for good; `code` is the service's own. */
export function rejected(
  origin: FailureOrigin,
  code: string,
  message: string,
  cause?: unknown,
): DeliveryError {
  return permanentFailure(
    origin,
    `aws.${code}`,
    `${origin.service} refused the message: ${code}: ${message}`,
    cause,
  )
}

/** Every attempt failed with a retryable error; the source may try again later. */
export function exhausted(
  origin: FailureOrigin,
  attempts: number,
  code: string,
  message: string,
  cause?: unknown,
): DeliveryError {
  return retryableFailure(
    origin,
    `aws.${code}`,
    `${origin.service} did not take the message in ${attempts} attempt${attempts === 1 ? '' : 's'}; last error ${code}: ${message}`,
    cause,
  )
}

/**
 * Thrown while a message is prepared when the message itself makes it unsendable (an attribute
 * that is not a number, a FIFO id too long); it becomes a permanent {@link DeliveryError}.
 */
export class InvalidMessageError extends Error {
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.name = 'InvalidMessageError'
    this.code = code
  }
}

/**
 * The failure for an envelope that could not be turned into an entry: a {@link DeliveryError} as
 * it is, an {@link InvalidMessageError} with its code, a missing message field as
 * `sink.template-field-missing`, anything else as `sink.prepare-failed`; all permanent, since the
 * same message fails the same way again.
 */
export function prepareFailure(origin: FailureOrigin, error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error
  if (error instanceof InvalidMessageError) return permanentFailure(origin, error.code, error.message, error)
  if (error instanceof MessageFieldMissingError)
    return permanentFailure(origin, 'sink.template-field-missing', error.message, error)
  const message = error instanceof Error ? error.message : String(error)
  return permanentFailure(
    origin,
    'sink.prepare-failed',
    `the message could not be prepared: ${message}`,
    error,
  )
}
