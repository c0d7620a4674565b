import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto'

/** A key pair for sealing secret values; the private key stays on the engine nodes of one cluster. */
export interface SecretKeyPair {
  /** SPKI PEM; safe to publish and store on the config server. */
  publicKeyPem: string
  /** PKCS#8 PEM; belongs only on the engine nodes (or the config server, for its own key). */
  privateKeyPem: string
  /** `sha256:` and the base64url SHA-256 of the public key's DER form. */
  fingerprint: string
}

/** Raised for a key that cannot be read or is not an X25519 key. */
export class SecretKeyError extends Error {
  readonly code = 'secret.bad-key'
}

/** Makes a new X25519 key pair. */
export function generateSecretKeyPair(): SecretKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('x25519')
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    fingerprint: fingerprintOf(publicKey),
  }
}

/** The fingerprint of a public key (PEM or key object), as Secret resources record it. */
export function fingerprintOf(publicKey: string | KeyObject): string {
  const key = typeof publicKey === 'string' ? readPublicKey(publicKey) : publicKey
  const der = key.export({ type: 'spki', format: 'der' })
  return `sha256:${createHash('sha256').update(der).digest('base64url')}`
}

/** Reads an X25519 public key from PEM; throws {@link SecretKeyError} for anything else. */
export function readPublicKey(pem: string): KeyObject {
  let key: KeyObject
  try {
    key = createPublicKey(pem)
  } catch (error) {
    throw new SecretKeyError(`not a public key in PEM form: ${describe(error)}`)
  }
  if (key.asymmetricKeyType !== 'x25519')
    throw new SecretKeyError(`the public key is ${key.asymmetricKeyType ?? 'unknown'}, not x25519`)
  return key
}

/** Reads an X25519 private key from PEM; throws {@link SecretKeyError} for anything else. */
export function readPrivateKey(pem: string): KeyObject {
  let key: KeyObject
  try {
    key = createPrivateKey(pem)
  } catch (error) {
    throw new SecretKeyError(`not a private key in PEM form: ${describe(error)}`)
  }
  if (key.asymmetricKeyType !== 'x25519')
    throw new SecretKeyError(`the private key is ${key.asymmetricKeyType ?? 'unknown'}, not x25519`)
  return key
}

/** The public half of a private key. */
export function publicKeyOf(privateKey: KeyObject): KeyObject {
  return createPublicKey(privateKey)
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
