import { generateKeyPairSync, verify } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { canonicalX509Request, signX509Request, type X509SigningIdentity } from './x509-sigv4.ts'

const URL_ = new URL('https://rolesanywhere.us-east-1.amazonaws.com/sessions')
const AT = new Date('2025-03-04T05:06:07.890Z')
const BODY =
  '{"durationSeconds":900,"profileArn":"arn:aws:rolesanywhere:us-east-1:123456789012:profile/p","roleArn":"arn:aws:iam::123456789012:role/r","trustAnchorArn":"arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/t"}'

/** Written out by hand from the SigV4 rules; the hashes come from `sha256sum`. */
const EXPECTED_CANONICAL = [
  'POST',
  '/sessions',
  '',
  'content-type:application/json',
  'host:rolesanywhere.us-east-1.amazonaws.com',
  'x-amz-date:20250304T050607Z',
  'x-amz-x509:ZmFrZS1kZXI=',
  'x-amz-x509-chain:Y2hhaW4tMQ==,Y2hhaW4tMg==',
  '',
  'content-type;host;x-amz-date;x-amz-x509;x-amz-x509-chain',
  '5517e398e3072002d3d8e111a220d95f867e6787fb38f8ea4552b28bae390c9d',
].join('\n')

const EXPECTED_STRING_TO_SIGN = (algorithm: string) =>
  [
    algorithm,
    '20250304T050607Z',
    '20250304/us-east-1/rolesanywhere/aws4_request',
    '0842b2a44de36ba8f4a4f6a28d80a1164038c47a225545c59bb703a8e94bc7dc',
  ].join('\n')

function identity(type: 'ec' | 'rsa') {
  const pair =
    type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 })
  const signing: X509SigningIdentity = {
    certificateDer: Buffer.from('fake-der'),
    chainDer: [Buffer.from('chain-1'), Buffer.from('chain-2')],
    serialNumber: '1234567890',
    privateKey: pair.privateKey,
    algorithm: type === 'ec' ? 'AWS4-X509-ECDSA-SHA256' : 'AWS4-X509-RSA-SHA256',
  }
  return { signing, publicKey: pair.publicKey }
}

const request = { method: 'POST', url: URL_, headers: { 'content-type': 'application/json' }, body: BODY }

function parseAuthorization(header: string | undefined) {
  const match = /^(\S+) Credential=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]+)$/.exec(header ?? '')
  if (!match) throw new Error(`not a SigV4 authorization header: ${header}`)
  return { algorithm: match[1], credential: match[2], signedHeaders: match[3], signature: match[4] ?? '' }
}

describe('SigV4 X.509 signing of CreateSession', () => {
  it('builds the canonical request of the hand-derived vector', () => {
    const { signing } = identity('ec')
    const headers = signX509Request(request, signing, 'us-east-1', AT)
    const signed = ['content-type', 'host', 'x-amz-date', 'x-amz-x509', 'x-amz-x509-chain']
    expect(canonicalX509Request({ ...request, headers }, signed)).toBe(EXPECTED_CANONICAL)
  })

  it.each(['ec', 'rsa'] as const)(
    'signs the string to sign with the %s key, verifiable with its public key',
    (type) => {
      const { signing, publicKey } = identity(type)
      const headers = signX509Request(request, signing, 'us-east-1', AT)
      const auth = parseAuthorization(headers.authorization)
      expect(auth.algorithm).toBe(signing.algorithm)
      expect(auth.credential).toBe('1234567890/20250304/us-east-1/rolesanywhere/aws4_request')
      expect(auth.signedHeaders).toBe('content-type;host;x-amz-date;x-amz-x509;x-amz-x509-chain')
      const toSign = Buffer.from(EXPECTED_STRING_TO_SIGN(signing.algorithm), 'utf8')
      expect(verify('sha256', toSign, publicKey, Buffer.from(auth.signature, 'hex'))).toBe(true)
      const tampered = Buffer.from(EXPECTED_STRING_TO_SIGN(signing.algorithm).replace('0842', '0843'), 'utf8')
      expect(verify('sha256', tampered, publicKey, Buffer.from(auth.signature, 'hex'))).toBe(false)
    },
  )

  it('sends the certificate and chain as base64 DER, and no chain header without intermediates', () => {
    const { signing } = identity('ec')
    const withChain = signX509Request(request, signing, 'us-east-1', AT)
    expect(withChain['x-amz-x509']).toBe('ZmFrZS1kZXI=')
    expect(withChain['x-amz-x509-chain']).toBe('Y2hhaW4tMQ==,Y2hhaW4tMg==')
    const alone = signX509Request(request, { ...signing, chainDer: [] }, 'us-east-1', AT)
    expect(alone['x-amz-x509-chain']).toBeUndefined()
    expect(parseAuthorization(alone.authorization).signedHeaders).toBe(
      'content-type;host;x-amz-date;x-amz-x509',
    )
  })

  it('keeps a non-default port in the host header and escapes the path and sorts the query', () => {
    const local = new URL('http://127.0.0.1:4510/a b/sessions?z=1&a=x y')
    const canonical = canonicalX509Request(
      { method: 'post', url: local, headers: { host: local.host }, body: '' },
      ['host'],
    )
    expect(canonical.split('\n').slice(0, 4)).toEqual([
      'POST',
      '/a%20b/sessions',
      'a=x%20y&z=1',
      'host:127.0.0.1:4510',
    ])
  })
})
