/** A connection that cannot be turned into credentials or clients; `path` is inside the connection spec. */
export class AwsConfigError extends Error {
  readonly code: string
  readonly path: string
  constructor(code: string, path: string, message: string) {
    super(message)
    this.name = 'AwsConfigError'
    this.code = code
    this.path = path
  }
}

/** Where an {@link AwsCallError} came from. */
export interface AwsCallErrorDetails {
  /** The IAM action the failed call needs, e.g. `sqs:GetQueueAttributes`. */
  action?: string
  /** The field of the connection spec behind the failure, e.g. `/spec/auth/roleArn`. */
  path?: string
  /** The SDK error name or network error code, e.g. `AccessDenied`, `ECONNREFUSED`. */
  awsName?: string
}

/**
 * An AWS call that failed, with a stable `code` (`aws.access-denied`, `aws.not-found`,
 * `aws.timeout`, …), the IAM action it needs and a message naming what to fix. Never carries a
 * secret.
 */
export class AwsCallError extends Error {
  readonly code: string
  readonly action: string | undefined
  readonly path: string | undefined
  readonly awsName: string | undefined
  constructor(code: string, message: string, details: AwsCallErrorDetails = {}) {
    super(message)
    this.name = 'AwsCallError'
    this.code = code
    this.action = details.action
    this.path = details.path
    this.awsName = details.awsName
  }
}
