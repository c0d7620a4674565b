import { describe, expect, it } from 'vitest'
import { createKeyring } from './keyring.ts'
import { fingerprintOf, generateSecretKeyPair, readPublicKey, SecretKeyError } from './keys.ts'
import { openSecret, SecretOpenError, sealSecret } from './seal.ts'

const pair = generateSecretKeyPair()

describe('sealed secrets', () => {
  it('round-trips unicode and empty values', () => {
    for (const value of ['hunter2', '', 'ünïcødé 🔑', 'x'.repeat(10_000)]) {
      const sealed = sealSecret(pair.publicKeyPem, value)
      expect(sealed).toMatch(/^v1(\.[A-Za-z0-9_-]*){4}$/)
      expect(sealed).not.toContain(value || '\u0000')
      expect(openSecret(pair.privateKeyPem, sealed)).toBe(value)
    }
  })

  it('never seals the same value to the same text twice', () => {
    expect(sealSecret(pair.publicKeyPem, 'a')).not.toBe(sealSecret(pair.publicKeyPem, 'a'))
  })

  it('refuses another key, tampering and malformed input with a code', () => {
    const other = generateSecretKeyPair()
    const sealed = sealSecret(pair.publicKeyPem, 'secret')
    const codeOf = (fn: () => unknown) => {
      try {
        fn()
        return 'opened'
      } catch (error) {
        return error instanceof SecretOpenError ? error.code : String(error)
      }
    }
    expect(codeOf(() => openSecret(other.privateKeyPem, sealed))).toBe('secret.tampered')
    const parts = sealed.split('.')
    parts[3] = Buffer.from('tampered').toString('base64url')
    expect(codeOf(() => openSecret(pair.privateKeyPem, parts.join('.')))).toBe('secret.tampered')
    expect(codeOf(() => openSecret(pair.privateKeyPem, 'v1.abc'))).toBe('secret.malformed')
    expect(codeOf(() => openSecret(pair.privateKeyPem, 'v2.a.b.c.d'))).toBe('secret.malformed')
  })

  it('fingerprints the public key stably and refuses non-x25519 keys', () => {
    expect(fingerprintOf(pair.publicKeyPem)).toBe(pair.fingerprint)
    expect(pair.fingerprint).toMatch(/^sha256:[A-Za-z0-9_-]{43}$/)
    expect(() => readPublicKey('not a key')).toThrow(SecretKeyError)
  })

  it('opens through a keyring by fingerprint and names the keys it holds otherwise', () => {
    const other = generateSecretKeyPair()
    const ring = createKeyring([pair.privateKeyPem, other.privateKeyPem])
    expect(ring.fingerprints).toEqual([pair.fingerprint, other.fingerprint])
    expect(ring.open(other.fingerprint, sealSecret(other.publicKeyPem, 'v'))).toBe('v')
    expect(() => ring.open('sha256:nope', 'v1.a.b.c.d')).toThrow(
      /no private key with fingerprint sha256:nope/,
    )
  })
})
