/**
 * Why a message could not be delivered. Every nack carries one, so the error route, the metrics and
 * the operations view can say what went wrong.
 *
 * - `retryable`: worth trying again later (throttling, 5xx, a dropped connection). Sinks retry these
 *   themselves with backoff; a source that receives a nack with one makes the message available again.
 * - `permanent`: trying again cannot help (too large, invalid, a missing message field). The workflow
 *   sends the message to its error sink if it has one, otherwise nacks it at the source.
 */
export class DeliveryError extends Error {
  /** A stable code, e.g. `sink.too-large`, `aws.throttled`, `processor.expression-failed`. */
  readonly code: string
  readonly permanent: boolean
  /** The workflow node it happened at, once known. */
  readonly node: string | undefined
  constructor(
    code: string,
    message: string,
    options: { permanent: boolean; node?: string; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'DeliveryError'
    this.code = code
    this.permanent = options.permanent
    this.node = options.node
  }
}

/** A permanent failure: the message goes to the error route or is nacked; never retried. */
export function permanentError(code: string, message: string, cause?: unknown): DeliveryError {
  return new DeliveryError(code, message, { permanent: true, ...(cause === undefined ? {} : { cause }) })
}

/** A transient failure: worth retrying with backoff. */
export function retryableError(code: string, message: string, cause?: unknown): DeliveryError {
  return new DeliveryError(code, message, { permanent: false, ...(cause === undefined ? {} : { cause }) })
}

/** True when `error` is a {@link DeliveryError} marked permanent. */
export function isPermanent(error: unknown): boolean {
  return error instanceof DeliveryError && error.permanent
}

/** Raised when a workflow cannot start because of its configuration; the node reports `failed-config`. */
export class ConfigError extends Error {
  readonly code: string
  /** JSON pointer of the offending field, inside the asset named by `asset`. */
  readonly path: string
  readonly asset: string | undefined
  constructor(code: string, path: string, message: string, asset?: string) {
    super(message)
    this.name = 'ConfigError'
    this.code = code
    this.path = path
    this.asset = asset
  }
}

/**
 * Codes that mean an AWS resource or credential a component needs is unavailable (a queue that
 * does not exist, access denied, credentials that do not resolve, an endpoint that cannot be
 * reached). A nack carrying one is not the message's fault: it is never sent to the error sink;
 * the workflow reports `failed-dependency`, releases its messages and restarts with backoff.
 */
export const DEPENDENCY_ERROR_CODES = new Set([
  'aws.access-denied',
  'aws.not-found',
  'aws.no-credentials',
  'aws.invalid-credentials',
  'aws.wrong-region',
  'aws.unreachable',
] as const)

/** One of {@link DEPENDENCY_ERROR_CODES}, the codes `@sluice/aws` gives such failures. */
export type DependencyErrorCode = typeof DEPENDENCY_ERROR_CODES extends Set<infer C> ? C : never

/** A nack for an unavailable AWS resource or credential (see {@link DEPENDENCY_ERROR_CODES}). */
export function dependencyError(code: DependencyErrorCode, message: string, cause?: unknown): DeliveryError {
  return retryableError(code, message, cause)
}

/** True when `error` says an AWS resource or credential is unavailable rather than the message being bad. */
export function isDependencyError(error: unknown): error is DeliveryError {
  return error instanceof DeliveryError && dependencyCodes.has(error.code)
}

const dependencyCodes: ReadonlySet<string> = DEPENDENCY_ERROR_CODES
