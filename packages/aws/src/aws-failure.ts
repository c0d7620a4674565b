import { awsErrorName, awsHttpStatus } from './aws-errors.ts'
import { AwsCallError, AwsConfigError } from './errors.ts'

/** A failed AWS call described for a person: a stable code, the IAM action it needs, what to fix. */
export interface AwsFailure {
  code: string
  message: string
  action?: string
  path?: string
}

/**
 * The call that failed: what it was (`GetQueueAttributes on orders`), the IAM action it needs, and
 * the field of the connection spec it came from, if any.
 */
export interface FailedCall {
  what: string
  action?: string
  path?: string
}

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'AuthorizationError',
  'AuthorizationErrorException',
  'UnauthorizedOperation',
  'UnauthorizedException',
  'Forbidden',
  'AllAccessDisabled',
  'KMSAccessDeniedException',
  'KMS.AccessDeniedException',
])
const INVALID_CREDENTIALS = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'IncompleteSignature',
  'IncompleteSignatureException',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
  'InvalidToken',
  'InvalidIdentityToken',
  'IDPRejectedClaim',
])
const EXPIRED_CREDENTIALS = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired'])
const NOT_FOUND = new Set([
  'NotFound',
  'NotFoundException',
  'NoSuchBucket',
  'NoSuchKey',
  'NoSuchEntity',
  'QueueDoesNotExist',
  'AWS.SimpleQueueService.NonExistentQueue',
  'ResourceNotFoundException',
])
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
])
const WRONG_REGION = new Set([
  'PermanentRedirect',
  'AuthorizationHeaderMalformed',
  'IllegalLocationConstraintException',
])
const INVALID_REQUEST = new Set([
  'ValidationException',
  'ValidationError',
  'InvalidParameterValue',
  'InvalidParameterValueException',
  'InvalidParameterException',
  'InvalidParameter',
  'InvalidArgument',
  'InvalidAddress',
  'InvalidBucketName',
  'SerializationException',
  'MalformedQueryString',
])
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
])
const TIMEOUT = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ETIMEDOUT',
  'AbortError',
])

/** The network error code of an error or of its cause (fetch wraps it), e.g. `ECONNREFUSED`. */
function networkCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; depth < 3; depth++) {
    if (typeof current !== 'object' || current === null) return undefined
    if ('code' in current && typeof current.code === 'string' && /^E[A-Z_]+$/.test(current.code))
      return current.code
    current = 'cause' in current ? current.cause : undefined
  }
  return undefined
}

/** What AWS said, when it said more than the error's name. */
function serviceDetail(error: unknown, name: string): string {
  if (!(error instanceof Error)) return ''
  const text = error.message.trim()
  if (text === '' || text === name || text === 'UnknownError') return ''
  return ` AWS said: "${text.length > 300 ? `${text.slice(0, 300)}…` : text}"`
}

function categorize(name: string, status: number | undefined, error: unknown): string {
  if (name === 'CredentialsProviderError') return 'aws.no-credentials'
  if (ACCESS_DENIED.has(name)) return 'aws.access-denied'
  if (INVALID_CREDENTIALS.has(name) || EXPIRED_CREDENTIALS.has(name)) return 'aws.invalid-credentials'
  if (NOT_FOUND.has(name)) return 'aws.not-found'
  if (THROTTLED.has(name) || status === 429) return 'aws.throttled'
  if (WRONG_REGION.has(name) || status === 301) return 'aws.wrong-region'
  if (INVALID_REQUEST.has(name)) return 'aws.invalid-request'
  if (TIMEOUT.has(name)) return 'aws.timeout'
  if (UNREACHABLE.has(name)) return 'aws.unreachable'
  if (status === 403) return 'aws.access-denied'
  if (status === 404) return 'aws.not-found'
  if (status !== undefined && status >= 500) return 'aws.service-error'
  if (status === undefined && error instanceof Error && /socket hang up|fetch failed/i.test(error.message))
    return 'aws.unreachable'
  return 'aws.error'
}

function advice(code: string, name: string, call: FailedCall): string {
  const action = call.action ?? 'the action'
  switch (code) {
    case 'aws.access-denied':
      return `${call.what}: access denied. Allow ${action} for this identity in its IAM policy, and check resource policies and SCPs that apply.`
    case 'aws.invalid-credentials':
      return EXPIRED_CREDENTIALS.has(name)
        ? `${call.what}: the credentials have expired (${name}). Temporary credentials must be refreshed; check the clock of this node.`
        : `${call.what}: the credentials were refused (${name}). Check the access key id and secret, or the session token of temporary keys.`
    case 'aws.no-credentials':
      return `${call.what}: no credentials could be resolved. Configure the connection's auth, or the environment, profile or role of this node.`
    case 'aws.not-found':
      return `${call.what}: not found. Check the name, the connection's region and the account.`
    case 'aws.throttled':
      return `${call.what}: throttled by AWS (${name}). Try again later or raise the quota.`
    case 'aws.wrong-region':
      return `${call.what}: the resource is in another region (${name}). Set the connection's region to the resource's region.`
    case 'aws.invalid-request':
      return `${call.what}: AWS refused the request as invalid (${name}). Check the name or ARN.`
    case 'aws.timeout':
      return `${call.what}: no answer in time. Check the endpoint, the network path from this node and any proxy.`
    case 'aws.unreachable':
      return `${call.what}: could not connect (${name}). Check the endpoint URL, DNS, proxy and firewall from this node.`
    case 'aws.service-error':
      return `${call.what}: AWS answered with a server error (${name}). Try again later.`
    default:
      return `${call.what} failed (${name}).`
  }
}

/**
 * Maps any error of an AWS call (SDK service errors, network errors, credential provider errors,
 * our own coded errors) to a stable code and a message naming the IAM action and what to fix.
 * Used by probes and listings; the message never holds a secret.
 */
export function describeAwsFailure(error: unknown, call: FailedCall): AwsFailure {
  if (error instanceof AwsConfigError) return { code: error.code, message: error.message, path: error.path }
  if (error instanceof AwsCallError) {
    const action = error.action ?? call.action
    const path = error.path ?? call.path
    return {
      code: error.code,
      message: error.message,
      ...(action === undefined ? {} : { action }),
      ...(path === undefined ? {} : { path }),
    }
  }
  const name = networkCode(error) ?? awsErrorName(error)
  const code = categorize(name, awsHttpStatus(error), error)
  return {
    code,
    message: advice(code, name, call) + serviceDetail(error, name),
    ...(call.action === undefined ? {} : { action: call.action }),
    ...(call.path === undefined ? {} : { path: call.path }),
  }
}

/** The same mapping as {@link describeAwsFailure}, as an error to throw. */
export function toAwsCallError(error: unknown, call: FailedCall): AwsCallError | AwsConfigError {
  if (error instanceof AwsConfigError || error instanceof AwsCallError) return error
  const failure = describeAwsFailure(error, call)
  return new AwsCallError(failure.code, failure.message, {
    ...(failure.action === undefined ? {} : { action: failure.action }),
    ...(failure.path === undefined ? {} : { path: failure.path }),
    awsName: networkCode(error) ?? awsErrorName(error),
  })
}
