import {
  createCipheriv,
  createDecipheriv,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto'
import { fingerprintOf, publicKeyOf, readPrivateKey, readPublicKey } from './keys.ts'

const VERSION = 'v1'
const INFO = Buffer.from('sluice secret v1')

/** Why a sealed value did not open. */
export type SecretOpenCode = 'secret.malformed' | 'secret.wrong-key' | 'secret.tampered'

/** Raised when a sealed value cannot be opened: wrong key, tampered or malformed. Never carries plaintext. */
export class SecretOpenError extends Error {
  readonly code: SecretOpenCode
  constructor(code: SecretOpenCode, message: string) {
    super(message)
    this.code = code
  }
}

/**
 * Seals `plaintext` to a public key: an ephemeral X25519 agreement, HKDF-SHA256, then AES-256-GCM
 * with the recipient's fingerprint as associated data. The result is `v1.<ephemeral key>.<iv>.<ciphertext>.<tag>`,
 * each part base64url, which fits a Secret resource's `ciphertext` field.
 */
export function sealSecret(publicKey: string | KeyObject, plaintext: string): string {
  const recipient = typeof publicKey === 'string' ? readPublicKey(publicKey) : publicKey
  const ephemeral = generateKeyPairSync('x25519')
  const ephemeralRaw = rawPublic(ephemeral.publicKey)
  const key = deriveKey(
    diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient }),
    ephemeralRaw,
    recipient,
  )
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(fingerprintOf(recipient)))
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return [VERSION, ephemeralRaw, iv, body, cipher.getAuthTag()]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.')
}

/** Opens a value sealed by {@link sealSecret} with the matching private key. */
export function openSecret(privateKey: string | KeyObject, sealed: string): string {
  const own = typeof privateKey === 'string' ? readPrivateKey(privateKey) : privateKey
  const parts = sealed.split('.')
  const [version, ephemeralPart, ivPart, bodyPart, tagPart] = parts
  if (
    parts.length !== 5 ||
    version !== VERSION ||
    !ephemeralPart ||
    !ivPart ||
    bodyPart === undefined ||
    !tagPart
  )
    throw new SecretOpenError(
      'secret.malformed',
      `a sealed value has the form ${VERSION}.<key>.<iv>.<data>.<tag>`,
    )
  const ephemeralRaw = Buffer.from(ephemeralPart, 'base64url')
  const iv = Buffer.from(ivPart, 'base64url')
  const tag = Buffer.from(tagPart, 'base64url')
  if (ephemeralRaw.length !== 32 || iv.length !== 12 || tag.length !== 16)
    throw new SecretOpenError('secret.malformed', 'a sealed value has a key, iv or tag of the wrong length')
  const recipient = publicKeyOf(own)
  const key = deriveKey(
    diffieHellman({ privateKey: own, publicKey: x25519FromRaw(ephemeralRaw) }),
    ephemeralRaw,
    recipient,
  )
  const decipher = createDecipheriv('aes-256-gcm', key, iv)
  decipher.setAAD(Buffer.from(fingerprintOf(recipient)))
  decipher.setAuthTag(tag)
  try {
    return Buffer.concat([decipher.update(Buffer.from(bodyPart, 'base64url')), decipher.final()]).toString(
      'utf8',
    )
  } catch {
    throw new SecretOpenError(
      'secret.tampered',
      'the sealed value does not open with this key: it was sealed to another key or altered',
    )
  }
}

function deriveKey(shared: Buffer, ephemeralRaw: Buffer, recipient: KeyObject): Buffer {
  const salt = Buffer.concat([ephemeralRaw, rawPublic(recipient)])
  return Buffer.from(hkdfSync('sha256', shared, salt, INFO, 32))
}

function rawPublic(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' })
  if (typeof jwk.x !== 'string') throw new SecretOpenError('secret.malformed', 'not an x25519 key')
  return Buffer.from(jwk.x, 'base64url')
}

function x25519FromRaw(raw: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: raw.toString('base64url') }, format: 'jwk' })
}
