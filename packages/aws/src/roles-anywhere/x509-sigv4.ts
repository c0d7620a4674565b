import { createHash, type KeyObject, sign } from 'node:crypto'

/** The SigV4 X.509 algorithms of IAM Roles Anywhere, by key type. */
export type X509Algorithm = 'AWS4-X509-RSA-SHA256' | 'AWS4-X509-ECDSA-SHA256'

/** What signs a CreateSession request: the certificate, its chain and the private key. */
export interface X509SigningIdentity {
  /** The end-entity certificate, DER. */
  readonly certificateDer: Buffer
  /** Intermediate certificates, DER, sent in `X-Amz-X509-Chain`. */
  readonly chainDer: readonly Buffer[]
  /** The certificate's serial number in decimal: the "access key" of the credential scope. */
  readonly serialNumber: string
  readonly privateKey: KeyObject
  readonly algorithm: X509Algorithm
}

/** A request to sign: headers are lowercase names to values. */
export interface X509Request {
  readonly method: string
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** The signing name of IAM Roles Anywhere. */
export const ROLES_ANYWHERE_SERVICE = 'rolesanywhere'

const hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex')

function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
}

/** `yyyymmddThhmmssZ`, the SigV4 request time. */
export function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

/** The SigV4 credential scope `yyyymmdd/region/rolesanywhere/aws4_request`. */
export function x509Scope(date: Date, region: string): string {
  return `${amzDate(date).slice(0, 8)}/${region}/${ROLES_ANYWHERE_SERVICE}/aws4_request`
}

/**
 * The SigV4 canonical request (the same form as for HMAC signing): method, URI-escaped path,
 * sorted query, the signed headers with trimmed values, their names, and the body's SHA-256.
 */
export function canonicalX509Request(request: X509Request, signedHeaders: readonly string[]): string {
  const path = request.url.pathname === '' ? '/' : request.url.pathname
  const uri = path
    .split('/')
    .map((segment) => escapeUri(decodeURIComponent(segment)))
    .join('/')
  const query = [...request.url.searchParams]
    .map(([key, value]) => [escapeUri(key), escapeUri(value)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([key, value]) => `${key}=${value}`)
    .join('&')
  const headerLines = signedHeaders
    .map((name) => `${name}:${(request.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('')
  return [
    request.method.toUpperCase(),
    uri,
    query,
    headerLines,
    signedHeaders.join(';'),
    hex(request.body),
  ].join('\n')
}

/** The string to sign: algorithm, request time, scope and the hex SHA-256 of the canonical request. */
export function x509StringToSign(
  algorithm: X509Algorithm,
  date: Date,
  region: string,
  canonical: string,
): string {
  return [algorithm, amzDate(date), x509Scope(date, region), hex(canonical)].join('\n')
}

/**
 * Signs a request with the SigV4 X.509 variant of IAM Roles Anywhere. Adds `host`, `x-amz-date`,
 * `x-amz-x509` (the base64 DER certificate) and `x-amz-x509-chain`, signs every header given,
 * and returns the headers to send, `authorization` included. The signature is RSA PKCS#1 v1.5 or
 * ECDSA (DER) over SHA-256 of the string to sign, hex encoded; the credential is the certificate's
 * decimal serial number.
 */
export function signX509Request(
  request: X509Request,
  identity: X509SigningIdentity,
  region: string,
  date: Date,
): Record<string, string> {
  const headers: Record<string, string> = {
    ...request.headers,
    host: request.url.host,
    'x-amz-date': amzDate(date),
    'x-amz-x509': identity.certificateDer.toString('base64'),
  }
  if (identity.chainDer.length > 0)
    headers['x-amz-x509-chain'] = identity.chainDer.map((der) => der.toString('base64')).join(',')
  const signedHeaders = Object.keys(headers).sort()
  const canonical = canonicalX509Request({ ...request, headers }, signedHeaders)
  const toSign = x509StringToSign(identity.algorithm, date, region, canonical)
  const signature = sign('sha256', Buffer.from(toSign, 'utf8'), identity.privateKey).toString('hex')
  const credential = `${identity.serialNumber}/${x509Scope(date, region)}`
  headers.authorization = `${identity.algorithm} Credential=${credential}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`
  return headers
}
