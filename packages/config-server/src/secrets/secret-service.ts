import { join } from 'node:path'
import type { KeyView } from '@sluice/assets'
import { createKeyring, generateSecretKeyPair, type Keyring, sealSecret } from '@sluice/secrets'
import { type Static, Type } from 'typebox'
import type { ClusterRegistry } from '../cluster/cluster-registry.ts'
import { ServiceError } from '../errors.ts'
import { readJsonFile, writeJsonFile } from '../store/json-file.ts'

const ServerKey = Type.Object({
  fingerprint: Type.String(),
  publicKeyPem: Type.String(),
  privateKeyPem: Type.String(),
  createdAt: Type.String(),
})
const ServerKeysFile = Type.Object({ active: Type.String(), keys: Type.Array(ServerKey) })
type ServerKeysFile = Static<typeof ServerKeysFile>

/**
 * The keys of secret values. The server has its own key pairs (in `keys/server-keys.json` of the
 * data directory, mode 0600) for development and tests; each cluster has a public key whose private
 * half lives only on its engine nodes. Plaintext passes through {@link seal} and {@link open} only,
 * and is never stored, logged or returned.
 */
export class SecretService {
  readonly #path: string
  #file: ServerKeysFile
  #keyring: Keyring
  readonly #clusters: ClusterRegistry

  private constructor(path: string, file: ServerKeysFile, clusters: ClusterRegistry) {
    this.#path = path
    this.#file = file
    this.#keyring = createKeyring(file.keys.map((k) => k.privateKeyPem))
    this.#clusters = clusters
  }

  /** Loads the server keys, making the first one on first run. */
  static async open(dataDir: string, clusters: ClusterRegistry): Promise<SecretService> {
    const path = join(dataDir, 'keys', 'server-keys.json')
    let file = await readJsonFile(path, ServerKeysFile, { active: '', keys: [] })
    if (file.keys.length === 0) {
      file = withNewKey(file)
      await writeJsonFile(path, file)
    }
    return new SecretService(path, file, clusters)
  }

  /** Fingerprint of the server key new secret resources are sealed to by default. */
  get activeServerKey(): string {
    return this.#file.active
  }

  /** Every key: the server's (newest first) and each cluster's public key. */
  keys(): KeyView[] {
    const server = [...this.#file.keys].reverse().map(
      (k): KeyView => ({
        fingerprint: k.fingerprint,
        owner: 'server',
        publicKeyPem: k.publicKeyPem,
        canDecrypt: true,
        active: k.fingerprint === this.#file.active,
        createdAt: k.createdAt,
      }),
    )
    const clusters = this.#clusters.list().flatMap((c): KeyView[] =>
      c.publicKeyPem === undefined || c.fingerprint === undefined
        ? []
        : [
            {
              fingerprint: c.fingerprint,
              owner: 'cluster',
              cluster: c.name,
              publicKeyPem: c.publicKeyPem,
              canDecrypt: this.#keyring.has(c.fingerprint),
              active: false,
              createdAt: c.updatedAt,
            },
          ],
    )
    return [...server, ...clusters]
  }

  /** Makes a new server key and uses it from now on; older server keys stay, to open older values. */
  async rotateServerKey(): Promise<KeyView> {
    const file = withNewKey(this.#file)
    await writeJsonFile(this.#path, file)
    this.#file = file
    this.#keyring = createKeyring(file.keys.map((k) => k.privateKeyPem))
    const info = this.keys().find((k) => k.fingerprint === file.active)
    if (!info) throw new ServiceError('internal', 'the new server key was not stored')
    return info
  }

  /** True when a value sealed to `fingerprint` can be opened here. */
  canOpen(fingerprint: string): boolean {
    return this.#keyring.has(fingerprint)
  }

  /** True when values can be sealed to `fingerprint` (a server or cluster key). */
  canSeal(fingerprint: string): boolean {
    return this.#publicKey(fingerprint) !== undefined
  }

  /** Seals a plaintext to a known key; throws `secret.unknown-key` for any other fingerprint. */
  seal(fingerprint: string, plaintext: string): string {
    const publicKey = this.#publicKey(fingerprint)
    if (publicKey === undefined)
      throw new ServiceError(
        'secret.unknown-key',
        `no server or cluster key has the fingerprint ${fingerprint}; list the keys at GET /api/keys`,
        [{ path: '/spec/keyFingerprint', code: 'secret.unknown-key', message: 'not a known key' }],
      )
    return sealSecret(publicKey, plaintext)
  }

  /** Opens a value sealed to a server key; throws `SecretOpenError` when it cannot. */
  open(fingerprint: string, ciphertext: string): string {
    return this.#keyring.open(fingerprint, ciphertext)
  }

  /** Re-seals a value from one key to another without the plaintext leaving this call. */
  reseal(from: string, ciphertext: string, to: string): string {
    return this.seal(to, this.open(from, ciphertext))
  }

  #publicKey(fingerprint: string): string | undefined {
    return (
      this.#file.keys.find((k) => k.fingerprint === fingerprint)?.publicKeyPem ??
      this.#clusters.byFingerprint(fingerprint)?.publicKeyPem
    )
  }
}

function withNewKey(file: ServerKeysFile, now = new Date()): ServerKeysFile {
  const pair = generateSecretKeyPair()
  return {
    active: pair.fingerprint,
    keys: [
      ...file.keys,
      {
        fingerprint: pair.fingerprint,
        publicKeyPem: pair.publicKeyPem,
        privateKeyPem: pair.privateKeyPem,
        createdAt: now.toISOString(),
      },
    ],
  }
}
