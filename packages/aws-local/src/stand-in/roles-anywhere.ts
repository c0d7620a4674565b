import { randomUUID, verify, X509Certificate } from 'node:crypto'
import { type CredentialStore, parseRoleArn } from './credentials.ts'
import { StandInError } from './errors.ts'
import { parseJsonBody } from './json-input.ts'
import { type IssuedSession, type RoleRules, roleRuleFor } from './roles.ts'
import {
  amzDateToMillis,
  canonicalRequest,
  credentialScope,
  type ParsedAuthorization,
  parseAnyAuthorization,
  requestAmzDate,
  stringToSign,
  type WireRequest,
} from './sigv4.ts'

/** Options of the IAM Roles Anywhere stand-in. */
export interface RolesAnywhereOptions {
  /** Trust anchor ARN → PEM of the CA certificate it trusts. */
  readonly trustAnchors: Readonly<Record<string, string>>
}

const ALGORITHMS: Readonly<Record<string, string>> = {
  'AWS4-X509-RSA-SHA256': 'rsa',
  'AWS4-X509-ECDSA-SHA256': 'ec',
}
const MAX_SKEW_MS = 5 * 60 * 1000
const MAX_CHAIN = 5
const PROFILE_ARN = /^arn:aws[a-z-]*:rolesanywhere:[a-z0-9-]+:\d{12}:profile\/.+$/

const denied = (message: string) => new StandInError('AccessDeniedException', message, 403)
const invalid = (message: string) => new StandInError('ValidationException', message, 400)

function header(wire: WireRequest, name: string): string | undefined {
  const value = wire.headers[name]
  return typeof value === 'string' ? value : value?.join(',')
}

function certificateFrom(base64: string, what: string): X509Certificate {
  try {
    return new X509Certificate(Buffer.from(base64, 'base64'))
  } catch {
    throw denied(`${what} is not a DER X.509 certificate.`)
  }
}

function decimalSerial(certificate: X509Certificate): string {
  return BigInt(`0x${certificate.serialNumber}`).toString(10)
}

function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  return child.checkIssued(parent) && child.verify(parent.publicKey)
}

function checkWindow(certificate: X509Certificate, now: number): void {
  if (now < Date.parse(certificate.validFrom) || now > Date.parse(certificate.validTo))
    throw denied('Untrusted certificate. Certificate is expired or not yet valid.')
}

/** Walks from the end-entity certificate through the sent intermediates to the anchor's CA. */
function checkChain(leaf: X509Certificate, chain: X509Certificate[], anchor: X509Certificate, now: number) {
  let current = leaf
  for (let step = 0; step <= MAX_CHAIN; step++) {
    checkWindow(current, now)
    if (issuedBy(current, anchor)) return
    const next = chain.find((candidate) => candidate.ca && issuedBy(current, candidate))
    if (next === undefined) break
    current = next
  }
  throw denied('Untrusted certificate. Insufficient certificate.')
}

function verifySignature(
  wire: WireRequest,
  auth: ParsedAuthorization,
  amzDate: string,
  key: X509Certificate,
) {
  const scope = credentialScope(auth.date, auth.region, auth.service)
  const toSign = stringToSign(amzDate, scope, canonicalRequest(wire, auth.signedHeaders), auth.algorithm)
  const ok = verify('sha256', Buffer.from(toSign, 'utf8'), key.publicKey, Buffer.from(auth.signature, 'hex'))
  if (!ok) throw denied('Invalid signature: it does not verify with the public key of X-Amz-X509.')
}

function authenticate(wire: WireRequest, region: string, now: number) {
  const auth = parseAnyAuthorization(header(wire, 'authorization') ?? '')
  const keyType = auth === undefined ? undefined : ALGORITHMS[auth.algorithm]
  if (auth === undefined || keyType === undefined)
    throw denied('Authorization must use AWS4-X509-RSA-SHA256 or AWS4-X509-ECDSA-SHA256.')
  if (auth.service !== 'rolesanywhere' || auth.region !== region)
    throw denied(`Credential should be scoped to rolesanywhere in ${region}.`)
  for (const required of ['host', 'x-amz-date', 'x-amz-x509'])
    if (!auth.signedHeaders.includes(required)) throw denied(`'${required}' must be a signed header.`)
  const amzDate = requestAmzDate(wire)
  if (amzDate === undefined || amzDate.slice(0, 8) !== auth.date)
    throw denied('X-Amz-Date is missing or does not match the credential scope.')
  if (Math.abs(now - amzDateToMillis(amzDate)) > MAX_SKEW_MS) throw denied('Signature expired.')
  const leaf = certificateFrom(header(wire, 'x-amz-x509') ?? '', 'X-Amz-X509')
  if (leaf.publicKey.asymmetricKeyType !== keyType)
    throw denied(
      `${auth.algorithm} does not match the certificate's ${leaf.publicKey.asymmetricKeyType} key.`,
    )
  if (auth.accessKeyId !== decimalSerial(leaf))
    throw denied("The credential must be the certificate's serial number in decimal.")
  verifySignature(wire, auth, amzDate, leaf)
  const chainHeader = header(wire, 'x-amz-x509-chain')
  const chain = chainHeader
    ? chainHeader.split(',').map((b64, i) => certificateFrom(b64.trim(), `X-Amz-X509-Chain entry ${i + 1}`))
    : []
  return { leaf, chain }
}

/** What the handler answers: a status and a JSON body. */
export interface RolesAnywhereAnswer {
  readonly status: number
  readonly body: string
}

/**
 * Creates the IAM Roles Anywhere `POST /sessions` handler. It verifies the X.509 SigV4 signature
 * with the public key of the certificate in `X-Amz-X509`, checks that the certificate (through any
 * `X-Amz-X509-Chain` intermediates) was issued by the CA of the requested trust anchor and is
 * within its validity, then issues temporary credentials for the role. Throws a
 * {@link StandInError} (`AccessDeniedException`, `ValidationException`).
 */
export function createRolesAnywhereHandler(options: {
  readonly store: CredentialStore
  readonly region: string
  readonly roles: RoleRules
  readonly trustAnchors: Readonly<Record<string, string>>
  readonly onIssue?: (session: IssuedSession) => void
}) {
  const anchors = new Map(
    Object.entries(options.trustAnchors).map(([arn, pem]) => [arn, new X509Certificate(pem)]),
  )
  return (wire: WireRequest, now = Date.now()): RolesAnywhereAnswer => {
    const { leaf, chain } = authenticate(wire, options.region, now)
    const input = parseJsonBody(Buffer.from(wire.body))
    const text = (key: string) => {
      const value = input[key]
      return typeof value === 'string' ? value : undefined
    }
    const trustAnchorArn = text('trustAnchorArn')
    const profileArn = text('profileArn')
    const roleArn = text('roleArn')
    if (!trustAnchorArn || !profileArn || !roleArn)
      throw invalid('profileArn, roleArn and trustAnchorArn are required.')
    if (!PROFILE_ARN.test(profileArn)) throw invalid(`${profileArn} is not a profile ARN.`)
    if (parseRoleArn(roleArn) === undefined) throw invalid(`${roleArn} is not a role ARN.`)
    const duration = input.durationSeconds ?? 3600
    if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 900 || duration > 43_200)
      throw invalid('durationSeconds must be an integer between 900 and 43200.')
    const anchor = anchors.get(trustAnchorArn)
    if (anchor === undefined) throw denied(`Unknown trust anchor ${trustAnchorArn}.`)
    checkChain(leaf, chain, anchor, now)
    const rule = roleRuleFor(options.roles, roleArn)
    if (rule.deny === true) throw denied(`The profile does not allow ${roleArn}.`)
    const sessionName = leaf.serialNumber.toLowerCase()
    const issued = options.store.issue(roleArn, sessionName, rule.sessionSeconds ?? duration, now)
    const subject = leaf.subject.replaceAll('\n', ',')
    options.onIssue?.({
      action: 'CreateSession',
      roleArn,
      sessionName,
      accessKeyId: issued.accessKeyId,
      expiration: issued.expiration.toISOString(),
      subject,
    })
    const body = {
      credentialSet: [
        {
          assumedRoleUser: { arn: issued.principal.arn, assumedRoleId: issued.principal.userId },
          credentials: {
            accessKeyId: issued.accessKeyId,
            secretAccessKey: issued.secretAccessKey,
            sessionToken: issued.sessionToken,
            expiration: issued.expiration.toISOString(),
          },
          packedPolicySize: 0,
          roleArn,
          sourceIdentity: subject,
        },
      ],
      subjectArn: `arn:aws:rolesanywhere:${options.region}:${options.store.account}:subject/${randomUUID()}`,
    }
    return { status: 201, body: JSON.stringify(body) }
  }
}
