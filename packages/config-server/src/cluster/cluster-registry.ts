import { join } from 'node:path'
import { type ClusterChange, ClusterView } from '@sluice/assets'
import { fingerprintOf, SecretKeyError } from '@sluice/secrets'
import { Type } from 'typebox'
import { ServiceError } from '../errors.ts'
import { readJsonFile, writeJsonFile } from '../store/json-file.ts'

const ClustersFile = Type.Object({ clusters: Type.Array(ClusterView) })

/** The clusters of engine nodes and their public keys, kept in `clusters.json` of the data directory. */
export class ClusterRegistry {
  readonly #path: string
  #clusters: ClusterView[]

  private constructor(path: string, clusters: ClusterView[]) {
    this.#path = path
    this.#clusters = clusters
  }

  static async open(dataDir: string): Promise<ClusterRegistry> {
    const path = join(dataDir, 'clusters.json')
    const file = await readJsonFile(path, ClustersFile, { clusters: [] })
    return new ClusterRegistry(path, file.clusters)
  }

  list(): readonly ClusterView[] {
    return this.#clusters
  }

  get(name: string): ClusterView | undefined {
    return this.#clusters.find((c) => c.name === name)
  }

  /** The cluster whose public key has this fingerprint. */
  byFingerprint(fingerprint: string): ClusterView | undefined {
    return this.#clusters.find((c) => c.fingerprint === fingerprint)
  }

  /**
   * Creates or changes a cluster. A new public key replaces the old one: secret values sealed to
   * the old key stay readable by nodes that still hold it until they are rotated.
   * Throws `secret.bad-key` for a key that is not an X25519 public key in PEM form.
   */
  async put(name: string, change: ClusterChange, now = new Date()): Promise<ClusterView> {
    const before = this.get(name)
    let keyFields: Pick<ClusterView, 'publicKeyPem' | 'fingerprint'> = {
      ...(before?.publicKeyPem === undefined ? {} : { publicKeyPem: before.publicKeyPem }),
      ...(before?.fingerprint === undefined ? {} : { fingerprint: before.fingerprint }),
    }
    if (change.publicKeyPem !== undefined) {
      try {
        keyFields = { publicKeyPem: change.publicKeyPem, fingerprint: fingerprintOf(change.publicKeyPem) }
      } catch (error) {
        const message =
          error instanceof SecretKeyError ? error.message : 'not an X25519 public key in PEM form'
        throw new ServiceError('secret.bad-key', message, [
          { path: '/publicKeyPem', code: 'secret.bad-key', message },
        ])
      }
    }
    const description = change.description ?? before?.description
    const record: ClusterView = {
      name,
      allowAmbient: change.allowAmbient ?? before?.allowAmbient ?? true,
      createdAt: before?.createdAt ?? now.toISOString(),
      updatedAt: now.toISOString(),
      ...keyFields,
      ...(description === undefined ? {} : { description }),
    }
    this.#clusters = [...this.#clusters.filter((c) => c.name !== name), record].sort((a, b) =>
      a.name.localeCompare(b.name),
    )
    await writeJsonFile(this.#path, { clusters: this.#clusters }, 0o644)
    return record
  }

  /** Makes sure a cluster a node names exists, without a key until an admin sets one. */
  async ensure(name: string): Promise<ClusterView> {
    return this.get(name) ?? this.put(name, {})
  }
}
