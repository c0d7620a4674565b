import type { ErrorBody, Issue, IssueView } from '@sluice/assets'

/** One problem with a request, in the same form as a project issue: a JSON pointer, a code, a message. */
export type ErrorIssue = IssueView

export type { ErrorBody }

/**
 * The HTTP status of each error code. Services throw {@link ServiceError}s with a code from here;
 * the HTTP layer turns them into responses, so the runtime API stays free of HTTP.
 */
export const errorStatus = {
  'request.invalid': 400,
  'request.malformed': 400,
  'request.too-large': 413,
  'request.unsupported-media-type': 415,
  'route.not-found': 404,
  'asset.invalid-name': 400,
  'asset.unknown-kind': 400,
  'asset.not-found': 404,
  'asset.exists': 409,
  'asset.file-exists': 409,
  'asset.in-use': 409,
  'asset.invalid': 422,
  'asset.wrong-kind': 422,
  'project.invalid': 422,
  'version.required': 428,
  'version.stale': 412,
  'auth.required': 401,
  'auth.invalid-credentials': 401,
  'auth.session-expired': 401,
  'auth.token-invalid': 401,
  'auth.token-revoked': 401,
  'auth.token-expired': 401,
  'auth.forbidden': 403,
  'auth.csrf': 403,
  'auth.rate-limited': 429,
  'user.not-found': 404,
  'user.exists': 409,
  'user.last-admin': 409,
  'token.not-found': 404,
  'secret.unknown-key': 422,
  'secret.cannot-open': 409,
  'secret.bad-key': 422,
  'key.not-found': 404,
  'cluster.not-found': 404,
  'node.unknown': 404,
  'node.token-mismatch': 403,
  'node.wrong-cluster': 403,
  'deployment.not-found': 404,
  'deployment.invalid': 422,
  'deployment.not-active': 409,
  'bundle.not-found': 404,
  'workflow.not-deployed': 404,
  'test.unsupported-kind': 422,
  'test.cannot-resolve': 422,
  'listing.cannot-decrypt': 409,
  'listing.failed': 502,
  'presign.failed': 502,
  'settings.invalid': 422,
  'service.unavailable': 503,
  internal: 500,
} as const

export type ErrorCode = keyof typeof errorStatus

/**
 * A failure a caller can act on, thrown by the services (store, auth, secrets, cluster). `issues`
 * lists every offending field. Messages never carry secret values.
 */
export class ServiceError extends Error {
  readonly code: ErrorCode
  readonly issues: readonly ErrorIssue[] | undefined
  constructor(code: ErrorCode, message: string, issues?: readonly (ErrorIssue | Issue)[]) {
    super(message)
    this.name = 'ServiceError'
    this.code = code
    this.issues = issues?.map(toErrorIssue)
  }

  get statusCode(): number {
    return errorStatus[this.code]
  }

  toBody(): ErrorBody {
    return errorBody(this.code, this.message, this.issues)
  }
}

/** Builds the error body; `issues` is left out when there are none. */
export function errorBody(code: string, message: string, issues?: readonly ErrorIssue[]): ErrorBody {
  return { error: { code, message, ...(issues && issues.length > 0 ? { issues: [...issues] } : {}) } }
}

function toErrorIssue(found: ErrorIssue | Issue): ErrorIssue {
  const { file, path, code, message } = found
  return file === undefined ? { path, code, message } : { file, path, code, message }
}

/** The message of anything thrown, for logs and reports. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
