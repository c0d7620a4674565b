import { generateKeyPairSync } from 'node:crypto'
import { createTestPki, type TestCertificate, type TestPki } from '@sluice/aws-local'
import { beforeAll, describe, expect, it } from 'vitest'
import { configErrorOf } from '../testing/coded-errors.ts'
import { checkValidity, loadIdentity } from './certificate.ts'

let pki: TestPki
let ec: TestCertificate
let rsa: TestCertificate
let chained: TestCertificate

beforeAll(async () => {
  pki = await createTestPki()
  ;[ec, rsa, chained] = await Promise.all([
    pki.issue({ keyType: 'ec' }),
    pki.issue({ keyType: 'rsa' }),
    pki.issue({ throughIntermediate: true }),
  ])
}, 60_000)

describe('loadIdentity', () => {
  it('picks the algorithm from the key and the decimal serial from the certificate', () => {
    const fromEc = loadIdentity(ec, '/spec/auth')
    expect(fromEc.algorithm).toBe('AWS4-X509-ECDSA-SHA256')
    expect(fromEc.serialNumber).toBe(BigInt(`0x${ec.serialNumber}`).toString(10))
    expect(fromEc.chainDer).toEqual([])
    expect(loadIdentity(rsa, '/spec/auth').algorithm).toBe('AWS4-X509-RSA-SHA256')
  })

  it('reads the intermediates of a chain', () => {
    const identity = loadIdentity({ ...chained, certificateChain: chained.chain ?? '' }, '/spec/auth')
    expect(identity.chainDer).toHaveLength(1)
  })

  it('names the field of a certificate, chain or key that cannot be used, never quoting the key', () => {
    const cert = configErrorOf(() => loadIdentity({ ...ec, certificate: 'not a pem' }, '/spec/auth'))
    expect([cert.code, cert.path]).toEqual(['aws.certificate-invalid', '/spec/auth/certificate'])
    const chain = configErrorOf(() => loadIdentity({ ...ec, certificateChain: 'junk' }, '/spec/auth'))
    expect([chain.code, chain.path]).toEqual(['aws.certificate-invalid', '/spec/auth/certificateChain'])
    const secret = '-----BEGIN PRIVATE KEY-----\nc2VjcmV0LXZhbHVl\n-----END PRIVATE KEY-----\n'
    const key = configErrorOf(() => loadIdentity({ ...ec, privateKey: secret }, '/spec/auth'))
    expect([key.code, key.path]).toEqual(['aws.private-key-invalid', '/spec/auth/privateKey'])
    expect(key.message).not.toContain('c2VjcmV0LXZhbHVl')
  })

  it('refuses a key that belongs to another certificate, and keys other than RSA and EC', () => {
    const mismatch = configErrorOf(() => loadIdentity({ ...ec, privateKey: rsa.privateKey }, '/spec/auth'))
    expect(mismatch.code).toBe('aws.certificate-key-mismatch')
    const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    const unsupported = configErrorOf(() => loadIdentity({ ...ec, privateKey: ed }, '/spec/auth'))
    expect([unsupported.code, unsupported.message]).toEqual([
      'aws.key-type-unsupported',
      'IAM Roles Anywhere signs with RSA or EC keys; this key is ed25519.',
    ])
  })
})

describe('checkValidity', () => {
  it('refuses an expired or not yet valid certificate', () => {
    const identity = loadIdentity(ec, '/spec/auth')
    expect(() => checkValidity(identity, Date.now(), '/spec/auth')).not.toThrow()
    const later = configErrorOf(() => checkValidity(identity, identity.validTo.getTime() + 1, '/spec/auth'))
    expect([later.code, later.path]).toEqual(['aws.certificate-expired', '/spec/auth/certificate'])
    const earlier = configErrorOf(() =>
      checkValidity(identity, identity.validFrom.getTime() - 1, '/spec/auth'),
    )
    expect(earlier.code).toBe('aws.certificate-not-yet-valid')
  })
})
