import { classifyAwsError, describeAwsFailure } from '@sluice/aws'
import { DeliveryError } from '../../runtime/errors.ts'

/** The AWS resource a source reads, named in its errors. */
export interface SourceResource {
  readonly kind: 'queue' | 'bucket'
  readonly name: string
}

/** Codes of failures no retry of the same call fixes: the source stops and the runner retries it later. */
const DEPENDENCY_CODES = new Set([
  'source.queue-missing',
  'source.bucket-missing',
  'source.access-denied',
  'source.credentials',
  'source.wrong-region',
])

/** True for an error that means the source cannot work at all (missing resource, denied, bad credentials). */
export function isDependencyFailure(error: unknown): error is DeliveryError {
  return error instanceof DeliveryError && DEPENDENCY_CODES.has(error.code)
}

function sourceCode(awsCode: string, resource: SourceResource): string {
  switch (awsCode) {
    case 'aws.not-found':
      return `source.${resource.kind}-missing`
    case 'aws.access-denied':
      return 'source.access-denied'
    case 'aws.invalid-credentials':
    case 'aws.no-credentials':
      return 'source.credentials'
    case 'aws.wrong-region':
      return 'source.wrong-region'
    default:
      return 'source.request-failed'
  }
}

/**
 * Classifies a failed call a source made to find or read its resource. Returns `undefined` when
 * the failure is worth retrying (throttling, 5xx, network); otherwise a permanent coded error
 * whose message names the IAM action and what to fix: `source.queue-missing`,
 * `source.bucket-missing`, `source.access-denied`, `source.credentials` and `source.wrong-region`
 * fail the source's `messages` (the runner reports `failed-dependency`, see
 * {@link isDependencyFailure}); `source.request-failed` is any other refusal of that one call.
 */
export function fatalSourceError(
  error: unknown,
  resource: SourceResource,
  action: string,
): DeliveryError | undefined {
  if (classifyAwsError(error) === 'retryable') return undefined
  const failure = describeAwsFailure(error, {
    what: `${action} on ${resource.kind} "${resource.name}"`,
    action,
  })
  return new DeliveryError(sourceCode(failure.code, resource), failure.message, {
    permanent: true,
    cause: error,
  })
}
