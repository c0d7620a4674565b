import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

/** The only algorithm the stand-in accepts. */
export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256'

/** A request as it arrived on the wire, enough to rebuild its SigV4 canonical form. */
export interface WireRequest {
  readonly method: string
  /** Path and query exactly as sent, e.g. `/a%20b?x=1&y`. */
  readonly url: string
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>
  readonly body: Buffer | string
}

/** The parts of an `Authorization: AWS4-HMAC-SHA256 …` header. */
export interface SigV4Authorization {
  readonly accessKeyId: string
  /** `yyyymmdd` from the credential scope. */
  readonly date: string
  readonly region: string
  readonly service: string
  readonly signedHeaders: readonly string[]
  readonly signature: string
}

/** How the canonical URI is built: non-S3 services escape the path a second time. */
export interface CanonicalOptions {
  readonly uriEscapePath?: boolean
}

/** Hex SHA-256 of a string or buffer. */
export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest()
}

/** RFC 3986 percent-encoding as SigV4 wants it (everything but `A-Za-z0-9-_.~`). */
export function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
}

/** An `Authorization` header of the SigV4 form, with whichever algorithm it names. */
export interface ParsedAuthorization extends SigV4Authorization {
  /** `AWS4-HMAC-SHA256`, or an X.509 variant such as `AWS4-X509-RSA-SHA256`. */
  readonly algorithm: string
}

/**
 * Parses an `Authorization` header of the SigV4 form (`<algorithm> Credential=…, SignedHeaders=…,
 * Signature=…`) whatever its algorithm. For X.509 signing the credential's first part is the
 * certificate serial number rather than an access key id.
 */
export function parseAnyAuthorization(header: string): ParsedAuthorization | undefined {
  const space = header.indexOf(' ')
  if (space < 0) return undefined
  const parts = new Map<string, string>()
  for (const piece of header.slice(space + 1).split(',')) {
    const eq = piece.indexOf('=')
    if (eq > 0) parts.set(piece.slice(0, eq).trim(), piece.slice(eq + 1).trim())
  }
  const credential = parts.get('Credential')
  const signedHeaders = parts.get('SignedHeaders')
  const signature = parts.get('Signature')
  if (credential === undefined || signedHeaders === undefined || signature === undefined) return undefined
  const scope = credential.split('/')
  if (scope.length !== 5 || scope[4] !== 'aws4_request') return undefined
  const [accessKeyId, date, region, service] = scope
  if (!accessKeyId || !date || !region || !service) return undefined
  return {
    algorithm: header.slice(0, space),
    accessKeyId,
    date,
    region,
    service,
    signedHeaders: signedHeaders.split(';'),
    signature,
  }
}

/**
 * Parses an `Authorization` header of the SigV4 header form.
 * Returns `undefined` when the header is not SigV4 or lacks a part.
 */
export function parseAuthorization(header: string): SigV4Authorization | undefined {
  const parsed = parseAnyAuthorization(header)
  return parsed?.algorithm === SIGV4_ALGORITHM ? parsed : undefined
}

/** The canonical URI of a wire path (SigV4 step 1, second line). */
export function canonicalUri(path: string, options: CanonicalOptions = {}): string {
  if (options.uriEscapePath === false) return path === '' ? '/' : path
  const segments: string[] = []
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') segments.pop()
    else segments.push(segment)
  }
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : ''
  const normalized = `/${segments.join('/')}${trailing}`
  return escapeUri(normalized).replace(/%2F/g, '/')
}

function decodeComponent(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/** The canonical query string of a wire query (without the leading `?`). */
export function canonicalQuery(query: string): string {
  const pairs: Array<[string, string]> = []
  for (const piece of query.split('&')) {
    if (piece === '') continue
    const eq = piece.indexOf('=')
    const key = eq < 0 ? piece : piece.slice(0, eq)
    const value = eq < 0 ? '' : piece.slice(eq + 1)
    const encodedKey = escapeUri(decodeComponent(key))
    if (encodedKey === 'X-Amz-Signature') continue
    pairs.push([encodedKey, escapeUri(decodeComponent(value))])
  }
  pairs.sort(([ak, av], [bk, bv]) => (ak === bk ? compare(av, bv) : compare(ak, bk)))
  return pairs.map(([k, v]) => `${k}=${v}`).join('&')
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function headerValue(headers: WireRequest['headers'], name: string): string | undefined {
  const raw = headers[name]
  if (raw === undefined) return undefined
  const values = typeof raw === 'string' ? [raw] : raw
  return values.map((v) => v.trim().replace(/\s+/g, ' ')).join(',')
}

/**
 * The hex payload hash, always computed from the body: the stand-in's services (unlike S3) never
 * take `UNSIGNED-PAYLOAD`, and a client's `x-amz-content-sha256` must not vouch for a body it
 * does not match.
 */
export function payloadHash(request: WireRequest): string {
  return sha256Hex(request.body)
}

/** Builds the SigV4 canonical request for the given signed header names. */
export function canonicalRequest(
  request: WireRequest,
  signedHeaders: readonly string[],
  options: CanonicalOptions = {},
): string {
  const q = request.url.indexOf('?')
  const path = q < 0 ? request.url : request.url.slice(0, q)
  const query = q < 0 ? '' : request.url.slice(q + 1)
  const names = signedHeaders.map((h) => h.toLowerCase())
  const headerLines = names.map((name) => `${name}:${headerValue(request.headers, name) ?? ''}\n`).join('')
  return [
    request.method.toUpperCase(),
    canonicalUri(path, options),
    canonicalQuery(query),
    headerLines,
    names.join(';'),
    payloadHash(request),
  ].join('\n')
}

/** The credential scope `date/region/service/aws4_request`. */
export function credentialScope(date: string, region: string, service: string): string {
  return `${date}/${region}/${service}/aws4_request`
}

/** The SigV4 string to sign; X.509 signing names its own algorithm. */
export function stringToSign(
  amzDate: string,
  scope: string,
  canonical: string,
  algorithm: string = SIGV4_ALGORITHM,
): string {
  return [algorithm, amzDate, scope, sha256Hex(canonical)].join('\n')
}

/** Derives the SigV4 signing key from a secret access key and the scope parts. */
export function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const kDate = hmac(`AWS4${secretAccessKey}`, date)
  const kRegion = hmac(kDate, region)
  const kService = hmac(kRegion, service)
  return hmac(kService, 'aws4_request')
}

/** Computes the hex signature of a request for the given authorization scope and secret. */
export function computeSignature(
  request: WireRequest,
  auth: Omit<SigV4Authorization, 'accessKeyId' | 'signature'>,
  amzDate: string,
  secretAccessKey: string,
  options: CanonicalOptions = {},
): string {
  const canonical = canonicalRequest(request, auth.signedHeaders, options)
  const toSign = stringToSign(amzDate, credentialScope(auth.date, auth.region, auth.service), canonical)
  return createHmac('sha256', signingKey(secretAccessKey, auth.date, auth.region, auth.service))
    .update(toSign, 'utf8')
    .digest('hex')
}

/** The request time from `x-amz-date` (`yyyymmddThhmmssZ`), if present and well formed. */
export function requestAmzDate(request: WireRequest): string | undefined {
  const value = headerValue(request.headers, 'x-amz-date')
  return value !== undefined && /^\d{8}T\d{6}Z$/.test(value) ? value : undefined
}

/** Parses `yyyymmddThhmmssZ` into epoch milliseconds. */
export function amzDateToMillis(amzDate: string): number {
  const iso = `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`
  return Date.parse(iso)
}

/** Whether the request's signature matches the one computed with `secretAccessKey` (constant time). */
export function signatureMatches(
  request: WireRequest,
  auth: SigV4Authorization,
  amzDate: string,
  secretAccessKey: string,
  options: CanonicalOptions = {},
): boolean {
  const expected = Buffer.from(computeSignature(request, auth, amzDate, secretAccessKey, options), 'utf8')
  const given = Buffer.from(auth.signature, 'utf8')
  return expected.length === given.length && timingSafeEqual(expected, given)
}
