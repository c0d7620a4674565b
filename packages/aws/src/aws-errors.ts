/** How a failed AWS call should be handled. */
export type AwsErrorClass = 'retryable' | 'permanent'

const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'KMSThrottlingException',
  'SlowDown',
  'ServiceUnavailable',
  'InternalError',
  'InternalFailure',
  'InternalServerError',
  'ServiceException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'AbortError',
])

/** The error name (`ThrottlingException`), or the code of a network error (`ECONNRESET`). */
export function awsErrorName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error)
  if ('code' in error && typeof error.code === 'string' && /^E[A-Z]+$/.test(error.code)) return error.code
  if ('name' in error && typeof error.name === 'string') return error.name
  return 'Error'
}

/** The HTTP status of an SDK error, when the service answered. */
export function awsHttpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('$metadata' in error)) return undefined
  const meta = error.$metadata
  if (typeof meta !== 'object' || meta === null || !('httpStatusCode' in meta)) return undefined
  return typeof meta.httpStatusCode === 'number' ? meta.httpStatusCode : undefined
}

/**
 * Throttling, 5xx answers and network failures are worth retrying with backoff; everything else
 * (access denied, validation, not found, too large) is permanent for the call that failed.
 */
export function classifyAwsError(error: unknown): AwsErrorClass {
  const name = awsErrorName(error)
  if (RETRYABLE_NAMES.has(name)) return 'retryable'
  const status = awsHttpStatus(error)
  if (status !== undefined && (status >= 500 || status === 429)) return 'retryable'
  if (status === undefined && error instanceof Error && /socket|network|timed? ?out/i.test(error.message))
    return 'retryable'
  return 'permanent'
}

/** Classifies a per-entry error code from a batch answer (SQS, SNS, Kinesis, EventBridge). */
export function classifyEntryError(code: string | undefined, senderFault?: boolean): AwsErrorClass {
  if (code === undefined) return 'retryable'
  if (RETRYABLE_NAMES.has(code) || /throttl|internal|unavailable|limitexceeded/i.test(code))
    return 'retryable'
  if (senderFault === false) return 'retryable'
  return 'permanent'
}
