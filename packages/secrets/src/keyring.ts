import type { KeyObject } from 'node:crypto'
import { fingerprintOf, publicKeyOf, readPrivateKey } from './keys.ts'
import { openSecret, SecretOpenError } from './seal.ts'

/** The private keys a process holds, found by fingerprint. */
export interface Keyring {
  /** Fingerprints of the keys held. */
  readonly fingerprints: readonly string[]
  /** True when a value sealed to `fingerprint` can be opened here. */
  has(fingerprint: string): boolean
  /**
   * Opens a value sealed to `fingerprint`. Throws {@link SecretOpenError} with `secret.wrong-key`
   * when no key with that fingerprint is held, or `secret.tampered` when it does not open.
   */
  open(fingerprint: string, sealed: string): string
}

/** Builds a keyring from private keys in PEM form (a key file's content, or an environment variable). */
export function createKeyring(privateKeysPem: readonly string[]): Keyring {
  const keys = new Map<string, KeyObject>()
  for (const pem of privateKeysPem) {
    const key = readPrivateKey(pem)
    keys.set(fingerprintOf(publicKeyOf(key)), key)
  }
  return {
    fingerprints: [...keys.keys()],
    has: (fingerprint) => keys.has(fingerprint),
    open(fingerprint, sealed) {
      const key = keys.get(fingerprint)
      if (!key)
        throw new SecretOpenError(
          'secret.wrong-key',
          `no private key with fingerprint ${fingerprint} is held here; held: ${[...keys.keys()].join(', ') || 'none'}`,
        )
      return openSecret(key, sealed)
    },
  }
}
