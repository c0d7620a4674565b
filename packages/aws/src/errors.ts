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
