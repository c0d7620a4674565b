/** A service error the stand-in reports in the caller's protocol (JSON 1.1 or query XML). */
export class StandInError extends Error {
  readonly code: string
  readonly status: number
  readonly sender: boolean

  constructor(code: string, message: string, status = 400, sender = true) {
    super(message)
    this.name = 'StandInError'
    this.code = code
    this.status = status
    this.sender = sender
  }
}

/** Why a request could not be authenticated. */
export type AuthFailureKind =
  | 'missing'
  | 'incomplete'
  | 'unknown-key'
  | 'bad-signature'
  | 'signature-expired'
  | 'expired-token'

/** An authentication failure; each protocol names it differently. */
export class AuthError extends Error {
  readonly kind: AuthFailureKind

  constructor(kind: AuthFailureKind, message: string) {
    super(message)
    this.name = 'AuthError'
    this.kind = kind
  }
}

const JSON_AUTH_CODES: Record<AuthFailureKind, readonly [string, number]> = {
  missing: ['MissingAuthenticationTokenException', 403],
  incomplete: ['IncompleteSignatureException', 400],
  'unknown-key': ['UnrecognizedClientException', 403],
  'bad-signature': ['InvalidSignatureException', 403],
  'signature-expired': ['InvalidSignatureException', 403],
  'expired-token': ['ExpiredTokenException', 403],
}

const QUERY_AUTH_CODES: Record<AuthFailureKind, readonly [string, number]> = {
  missing: ['MissingAuthenticationToken', 403],
  incomplete: ['IncompleteSignature', 400],
  'unknown-key': ['InvalidClientTokenId', 403],
  'bad-signature': ['SignatureDoesNotMatch', 403],
  'signature-expired': ['SignatureDoesNotMatch', 403],
  'expired-token': ['ExpiredToken', 403],
}

/**
 * Converts an authentication failure into the error a real AWS endpoint of that protocol
 * returns: JSON services say `InvalidSignatureException`, query services `SignatureDoesNotMatch`.
 */
export function authErrorFor(protocol: 'json' | 'query', error: AuthError): StandInError {
  const [code, status] = (protocol === 'json' ? JSON_AUTH_CODES : QUERY_AUTH_CODES)[error.kind]
  return new StandInError(code, error.message, status)
}
