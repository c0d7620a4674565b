import { createHash, randomBytes } from 'node:crypto'
import { AuthError } from './errors.ts'
import {
  amzDateToMillis,
  parseAuthorization,
  requestAmzDate,
  signatureMatches,
  type WireRequest,
} from './sigv4.ts'

/** Who signed a request. */
export interface Principal {
  readonly accessKeyId: string
  readonly account: string
  readonly arn: string
  readonly userId: string
  /** Set for credentials issued by AssumeRole or AssumeRoleWithWebIdentity. */
  readonly assumedRole?: { readonly roleArn: string; readonly sessionName: string }
}

/** Temporary credentials as STS returns them. */
export interface IssuedCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken: string
  readonly expiration: Date
  readonly principal: Principal
}

interface StoredCredential {
  readonly secretAccessKey: string
  readonly sessionToken?: string
  readonly expiresAt?: number
  readonly principal: Principal
}

/** Long-term and issued credentials the stand-in recognizes. */
export interface CredentialStore {
  readonly account: string
  /** Issues temporary credentials for an assumed role session. */
  issue(roleArn: string, sessionName: string, durationSeconds: number, now?: number): IssuedCredentials
  /** Authenticates a SigV4-signed request; throws {@link AuthError}. */
  authenticate(request: WireRequest, scope: { service: string; region: string }, now?: number): Principal
}

const MAX_SKEW_MS = 15 * 60 * 1000
const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

function randomId(prefix: string, length: number): string {
  const bytes = randomBytes(length)
  let out = prefix
  for (const byte of bytes) out += KEY_ALPHABET[byte % KEY_ALPHABET.length]
  return out
}

/** A stable `AROA…` id for a role ARN, as IAM keeps one per role. */
export function roleId(roleArn: string): string {
  const digest = createHash('sha256').update(roleArn).digest()
  let out = 'AROA'
  for (const byte of digest.subarray(0, 17)) out += KEY_ALPHABET[byte % KEY_ALPHABET.length]
  return out
}

/** Splits `arn:aws:iam::<account>:role/<path/>name` into account and role name. */
export function parseRoleArn(roleArn: string): { account: string; roleName: string } | undefined {
  const match = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/.exec(roleArn)
  const account = match?.[1]
  const roleName = match?.[2]
  return account && roleName ? { account, roleName } : undefined
}

/**
 * Creates the credential store: one long-term key pair for the account root, plus every
 * temporary credential issued through {@link CredentialStore.issue}.
 */
export function createCredentialStore(base: {
  accessKeyId: string
  secretAccessKey: string
  account: string
}): CredentialStore {
  const credentials = new Map<string, StoredCredential>()
  credentials.set(base.accessKeyId, {
    secretAccessKey: base.secretAccessKey,
    principal: {
      accessKeyId: base.accessKeyId,
      account: base.account,
      arn: `arn:aws:iam::${base.account}:root`,
      userId: base.account,
    },
  })

  function issue(roleArn: string, sessionName: string, durationSeconds: number, now = Date.now()) {
    const role = parseRoleArn(roleArn)
    const account = role?.account ?? base.account
    const roleName = role?.roleName ?? roleArn
    const accessKeyId = randomId('ASIA', 16)
    const secretAccessKey = randomBytes(30).toString('base64')
    const sessionToken = `FwoGZXIvYXdzE${randomBytes(96).toString('base64')}`
    const expiration = new Date(Math.floor((now + durationSeconds * 1000) / 1000) * 1000)
    const principal: Principal = {
      accessKeyId,
      account,
      arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`,
      userId: `${roleId(roleArn)}:${sessionName}`,
      assumedRole: { roleArn, sessionName },
    }
    credentials.set(accessKeyId, {
      secretAccessKey,
      sessionToken,
      expiresAt: expiration.getTime(),
      principal,
    })
    return { accessKeyId, secretAccessKey, sessionToken, expiration, principal }
  }

  function authenticate(
    request: WireRequest,
    scope: { service: string; region: string },
    now = Date.now(),
  ): Principal {
    const header = request.headers.authorization
    if (header === undefined) {
      throw new AuthError('missing', 'Request is missing Authentication Token')
    }
    const auth = parseAuthorization(typeof header === 'string' ? header : header.join(','))
    if (auth === undefined) {
      throw new AuthError(
        'incomplete',
        "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.",
      )
    }
    if (!auth.signedHeaders.includes('host')) {
      throw new AuthError('incomplete', "'Host' must be a 'SignedHeader' in the AWS Authorization.")
    }
    const amzDate = requestAmzDate(request)
    if (amzDate === undefined) {
      throw new AuthError('incomplete', "Authorization header requires existence of a 'X-Amz-Date' header.")
    }
    if (auth.date !== amzDate.slice(0, 8)) {
      throw new AuthError(
        'bad-signature',
        'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.',
      )
    }
    if (auth.service !== scope.service) {
      throw new AuthError(
        'bad-signature',
        `Credential should be scoped to correct service: '${scope.service}'.`,
      )
    }
    if (auth.region !== scope.region) {
      throw new AuthError('bad-signature', 'Credential should be scoped to a valid region.')
    }
    if (Math.abs(now - amzDateToMillis(amzDate)) > MAX_SKEW_MS) {
      throw new AuthError(
        'signature-expired',
        `Signature expired: ${amzDate} is outside the 15 minute window.`,
      )
    }
    const stored = credentials.get(auth.accessKeyId)
    const token = request.headers['x-amz-security-token']
    if (stored === undefined || stored.sessionToken !== (typeof token === 'string' ? token : undefined)) {
      throw new AuthError('unknown-key', 'The security token included in the request is invalid.')
    }
    if (stored.expiresAt !== undefined && stored.expiresAt <= now) {
      throw new AuthError('expired-token', 'The security token included in the request is expired')
    }
    if (!signatureMatches(request, auth, amzDate, stored.secretAccessKey)) {
      throw new AuthError(
        'bad-signature',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      )
    }
    return stored.principal
  }

  return { account: base.account, issue, authenticate }
}
