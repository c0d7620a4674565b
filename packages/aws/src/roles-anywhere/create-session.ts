import type { AwsCredentialIdentity } from '@smithy/types'
import { toAwsCallError } from '../aws-failure.ts'
import { AwsCallError } from '../errors.ts'
import { signX509Request, type X509SigningIdentity } from './x509-sigv4.ts'

/** An HTTP answer, reduced to what CreateSession needs. */
export interface HttpAnswer {
  status: number
  /** The `x-amzn-errortype` header, when the service sent one. */
  errorType?: string
  text: string
}

/** Sends one POST; injected so unit tests need no server. The default uses `fetch`. */
export type HttpPost = (
  url: string,
  init: { headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<HttpAnswer>

/** `fetch`, minus the `host` header it sets itself from the URL. */
export const fetchPost: HttpPost = async (url, init) => {
  const headers = Object.fromEntries(Object.entries(init.headers).filter(([name]) => name !== 'host'))
  const response = await fetch(url, { method: 'POST', headers, body: init.body, signal: init.signal })
  const errorType = response.headers.get('x-amzn-errortype')
  return { status: response.status, text: await response.text(), ...(errorType ? { errorType } : {}) }
}

/** One CreateSession call. */
export interface CreateSessionRequest {
  /** The Roles Anywhere endpoint, e.g. `https://rolesanywhere.eu-west-1.amazonaws.com`. */
  endpoint: string
  region: string
  profileArn: string
  roleArn: string
  trustAnchorArn: string
  durationSeconds: number
  /** JSON pointer of the auth in the connection spec, for errors. */
  path: string
}

const CALL = { what: 'IAM Roles Anywhere CreateSession', action: 'rolesanywhere:CreateSession' }

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value))
    : undefined
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

/** Reads the first credentials of a `credentialSet` answer. */
export function parseCredentialSet(body: string, path: string): AwsCredentialIdentity {
  const set = record(parseJson(body))?.credentialSet
  const first = Array.isArray(set) ? record(set[0]) : undefined
  const credentials = record(first?.credentials)
  const accessKeyId = text(credentials?.accessKeyId)
  const secretAccessKey = text(credentials?.secretAccessKey)
  const sessionToken = text(credentials?.sessionToken)
  const rawExpiration = credentials?.expiration
  const expiration =
    typeof rawExpiration === 'string'
      ? new Date(rawExpiration)
      : typeof rawExpiration === 'number'
        ? new Date(rawExpiration * 1000)
        : undefined
  if (!accessKeyId || !secretAccessKey || !sessionToken || !expiration || Number.isNaN(expiration.getTime()))
    throw new AwsCallError(
      'aws.invalid-response',
      'IAM Roles Anywhere CreateSession answered without a complete credentialSet; check that the endpoint is IAM Roles Anywhere.',
      { ...CALL, path },
    )
  return { accessKeyId, secretAccessKey, sessionToken, expiration }
}

function failureOf(answer: HttpAnswer, request: CreateSessionRequest): Error {
  const body = record(parseJson(answer.text))
  const name =
    answer.errorType?.split(':')[0] ?? text(body?.__type)?.split('#').at(-1) ?? `HTTP ${answer.status}`
  const said = text(body?.message) ?? text(body?.Message) ?? ''
  if (answer.status === 403)
    return new AwsCallError(
      'aws.access-denied',
      `IAM Roles Anywhere refused a session for ${request.roleArn}: the certificate must chain to the trust anchor's CA, the profile must list the role, and the role's trust policy must allow rolesanywhere.amazonaws.com sts:AssumeRole, sts:TagSession and sts:SetSourceIdentity.${said ? ` AWS said: "${said}"` : ''}`,
      { action: 'sts:AssumeRole', path: request.path, awsName: name },
    )
  const error = Object.assign(new Error(said || name), { name, $metadata: { httpStatusCode: answer.status } })
  return toAwsCallError(error, { ...CALL, path: request.path })
}

/**
 * Calls IAM Roles Anywhere `POST /sessions`, signed with the certificate's private key, and
 * returns the temporary credentials. Throws `AwsCallError` (`aws.access-denied`,
 * `aws.unreachable`, …) on failure.
 */
export async function createSession(
  request: CreateSessionRequest,
  identity: X509SigningIdentity,
  deps: { post: HttpPost; now: () => number; signal: AbortSignal },
): Promise<AwsCredentialIdentity> {
  const url = new URL('/sessions', request.endpoint)
  const body = JSON.stringify({
    durationSeconds: request.durationSeconds,
    profileArn: request.profileArn,
    roleArn: request.roleArn,
    trustAnchorArn: request.trustAnchorArn,
  })
  const headers = signX509Request(
    { method: 'POST', url, headers: { 'content-type': 'application/json' }, body },
    identity,
    request.region,
    new Date(deps.now()),
  )
  let answer: HttpAnswer
  try {
    answer = await deps.post(url.toString(), { headers, body, signal: deps.signal })
  } catch (error) {
    throw toAwsCallError(error, { ...CALL, path: request.path })
  }
  if (answer.status < 200 || answer.status > 299) throw failureOf(answer, request)
  return parseCredentialSet(answer.text, request.path)
}
