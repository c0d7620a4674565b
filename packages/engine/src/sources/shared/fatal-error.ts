import { awsErrorName, awsHttpStatus, classifyAwsError } from '@sluice/aws'
import { DeliveryError } from '../../runtime/errors.ts'

/** The AWS resource a source reads, named in its errors. */
export interface SourceResource {
  readonly kind: 'queue' | 'bucket'
  readonly name: string
}

const MISSING = new Set(['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 'NoSuchBucket'])
const DENIED = /AccessDenied|Forbidden|Unauthorized|KMS\.Disabled|KMS\.NotFound/
const CREDENTIALS =
  /CredentialsProviderError|InvalidClientTokenId|InvalidAccessKeyId|SignatureDoesNotMatch|ExpiredToken|UnrecognizedClient|TokenRefreshRequired/

/**
 * Classifies a failed call a source made to find or read its resource. Returns `undefined` when the
 * failure is worth retrying (throttling, 5xx, network); otherwise the coded error the source fails
 * its `messages` with, so the runner reports `failed-dependency` and retries the workflow later:
 * `source.queue-missing`, `source.bucket-missing`, `source.access-denied` (naming the IAM action),
 * `source.credentials`, or `source.request-failed` for any other refusal.
 */
export function fatalSourceError(
  error: unknown,
  resource: SourceResource,
  action: string,
): DeliveryError | undefined {
  if (classifyAwsError(error) === 'retryable') return undefined
  const name = awsErrorName(error)
  const status = awsHttpStatus(error)
  const what = `${resource.kind} "${resource.name}"`
  const options = { permanent: true, cause: error }
  if (MISSING.has(name))
    return new DeliveryError(
      `source.${resource.kind}-missing`,
      `the ${what} does not exist (${name}); create it or fix the asset's ${resource.kind} name and region`,
      options,
    )
  if (CREDENTIALS.test(name))
    return new DeliveryError(
      'source.credentials',
      `the connection's credentials were refused for ${action} on the ${what} (${name}); check the connection`,
      options,
    )
  if (DENIED.test(name) || status === 403)
    return new DeliveryError(
      'source.access-denied',
      `access denied: ${action} on the ${what} (${name}); allow ${action} for the connection's identity`,
      options,
    )
  return new DeliveryError(
    'source.request-failed',
    `${action} on the ${what} failed: ${name}: ${error instanceof Error ? error.message : String(error)}`,
    options,
  )
}
