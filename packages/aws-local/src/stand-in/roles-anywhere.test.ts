import { createPrivateKey, sign, X509Certificate } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestPki, type TestCertificate, type TestPki } from '../test-pki.ts'
import { createCredentialStore } from './credentials.ts'
import { StandInError } from './errors.ts'
import type { IssuedSession } from './roles.ts'
import { createRolesAnywhereHandler } from './roles-anywhere.ts'
import { canonicalRequest, credentialScope, stringToSign, type WireRequest } from './sigv4.ts'

const ANCHOR = 'arn:aws:rolesanywhere:us-east-1:000000000000:trust-anchor/test'
const PROFILE = 'arn:aws:rolesanywhere:us-east-1:000000000000:profile/test'
const ROLE = 'arn:aws:iam::000000000000:role/onprem'

let pki: TestPki
let ec: TestCertificate
let rsa: TestCertificate
let viaIntermediate: TestCertificate
let foreign: TestCertificate
let NOW: number

beforeAll(async () => {
  pki = await createTestPki()
  const other = await createTestPki('Some Other CA')
  ;[ec, rsa, viaIntermediate, foreign] = await Promise.all([
    pki.issue(),
    pki.issue({ keyType: 'rsa' }),
    pki.issue({ throughIntermediate: true }),
    other.issue(),
  ])
  NOW = Date.now()
}, 60_000)

function amz(at: number): string {
  return new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

/** Signs a CreateSession the way a client must, with the stand-in's own SigV4 pieces. */
function signed(
  leaf: TestCertificate,
  options: { body?: object; chain?: string; serial?: string; region?: string; at?: number } = {},
): WireRequest {
  const certificate = new X509Certificate(leaf.certificate)
  const at = options.at ?? NOW
  const date = amz(at)
  const body = JSON.stringify(
    options.body ?? { durationSeconds: 900, profileArn: PROFILE, roleArn: ROLE, trustAnchorArn: ANCHOR },
  )
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    host: '127.0.0.1:4510',
    'x-amz-date': date,
    'x-amz-x509': certificate.raw.toString('base64'),
  }
  if (options.chain) headers['x-amz-x509-chain'] = new X509Certificate(options.chain).raw.toString('base64')
  const names = Object.keys(headers).sort()
  const algorithm =
    certificate.publicKey.asymmetricKeyType === 'rsa' ? 'AWS4-X509-RSA-SHA256' : 'AWS4-X509-ECDSA-SHA256'
  const wire = { method: 'POST', url: '/sessions', headers, body }
  const scope = credentialScope(date.slice(0, 8), options.region ?? 'us-east-1', 'rolesanywhere')
  const toSign = stringToSign(date, scope, canonicalRequest(wire, names), algorithm)
  const signature = sign('sha256', Buffer.from(toSign), createPrivateKey(leaf.privateKey)).toString('hex')
  const serial = options.serial ?? BigInt(`0x${certificate.serialNumber}`).toString(10)
  headers.authorization = `${algorithm} Credential=${serial}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`
  return wire
}

function handler(roles = {}) {
  const sessions: IssuedSession[] = []
  const store = createCredentialStore({
    accessKeyId: 'test',
    secretAccessKey: 'test',
    account: '000000000000',
  })
  const handle = createRolesAnywhereHandler({
    store,
    region: 'us-east-1',
    roles,
    trustAnchors: { [ANCHOR]: pki.caCertificate },
    onIssue: (session) => sessions.push(session),
  })
  return { handle, sessions }
}

function refusal(run: () => unknown): StandInError {
  try {
    run()
  } catch (error) {
    if (error instanceof StandInError) return error
    throw error
  }
  throw new Error('expected the stand-in to refuse')
}

describe('stand-in IAM Roles Anywhere CreateSession', () => {
  it.each([
    ['EC', () => ec],
    ['RSA', () => rsa],
  ])('issues credentials for a verified %s signature from the trusted CA', (_type, leaf) => {
    const { handle, sessions } = handler()
    const answer = handle(signed(leaf()), NOW)
    expect(answer.status).toBe(201)
    const body = JSON.parse(answer.body)
    expect(body.credentialSet[0].credentials.accessKeyId).toMatch(/^ASIA/)
    expect(body.credentialSet[0].roleArn).toBe(ROLE)
    expect(Date.parse(body.credentialSet[0].credentials.expiration) - NOW).toBeGreaterThan(890_000)
    expect(sessions).toEqual([expect.objectContaining({ action: 'CreateSession', roleArn: ROLE })])
  })

  it('follows an intermediate sent in X-Amz-X509-Chain, and refuses the leaf without it', () => {
    const { handle } = handler()
    expect(handle(signed(viaIntermediate, { chain: viaIntermediate.chain ?? '' }), NOW).status).toBe(201)
    expect(refusal(() => handle(signed(viaIntermediate), NOW)).message).toBe(
      'Untrusted certificate. Insufficient certificate.',
    )
  })

  it('refuses a certificate from another CA, a tampered request, a wrong serial and a stale date', () => {
    const { handle } = handler()
    expect(refusal(() => handle(signed(foreign), NOW)).code).toBe('AccessDeniedException')
    const tampered = signed(ec)
    const forged = { ...tampered, body: tampered.body.toString().replace('900', '3600') }
    expect(refusal(() => handle(forged, NOW)).message).toContain('Invalid signature')
    expect(refusal(() => handle(signed(ec, { serial: '42' }), NOW)).message).toContain('serial number')
    expect(refusal(() => handle(signed(ec, { at: NOW - 10 * 60_000 }), NOW)).message).toBe(
      'Signature expired.',
    )
    expect(refusal(() => handle(signed(ec, { region: 'eu-west-1' }), NOW)).code).toBe('AccessDeniedException')
  })

  it('validates the body and honours role rules', () => {
    const { handle } = handler({ onprem: { sessionSeconds: 5 }, blocked: { deny: true } })
    const short = JSON.parse(handle(signed(ec), NOW).body)
    expect(Date.parse(short.credentialSet[0].credentials.expiration) - NOW).toBeLessThanOrEqual(5_000)
    const base = { profileArn: PROFILE, roleArn: ROLE, trustAnchorArn: ANCHOR }
    expect(refusal(() => handle(signed(ec, { body: { ...base, durationSeconds: 60 } }), NOW)).code).toBe(
      'ValidationException',
    )
    const unknownAnchor = { ...base, trustAnchorArn: `${ANCHOR}-other` }
    expect(refusal(() => handle(signed(ec, { body: unknownAnchor }), NOW)).message).toContain(
      'Unknown trust anchor',
    )
    const blocked = { ...base, roleArn: 'arn:aws:iam::000000000000:role/blocked' }
    expect(refusal(() => handle(signed(ec, { body: blocked }), NOW)).code).toBe('AccessDeniedException')
  })
})
