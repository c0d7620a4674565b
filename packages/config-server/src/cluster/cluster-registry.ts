import { join } from 'node:path'
import { fingerprintOf, SecretKeyError } from '@sluice/secrets'
import { type Static, Type } from 'typebox'
import { ServiceError } from '../errors.ts'
import { readJsonFile, writeJsonFile } from '../store/json-file.ts'

export const ClusterRecord = Type.Object({
  name: Type.String(),
  description: Type.Optional(Type.String()),
  /** SPKI PEM of the cluster's X25519 key; its private half lives only on the cluster's engine nodes. */
  publicKeyPem: Type.Optional(Type.String()),
  fingerprint: Type.Optional(Type.String()),
  /** When false, the cluster's nodes refuse ambient identities (default chain, instance role). */
  allowAmbient: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
})
export type ClusterRecord = Static<typeof ClusterRecord>

const ClustersFile = Type.Object({ clusters: Type.Array(ClusterRecord) })

/** The clusters of engine nodes and their public keys, kept in `clusters.json` of the data directory. */
export class ClusterRegistry {
  readonly #path: string
  #clusters: ClusterRecord[]

  private constructor(path: string, clusters: ClusterRecord[]) {
    this.#path = path
    this.#clusters = clusters
  }

  static async open(dataDir: string): Promise<ClusterRegistry> {
    const path = join(dataDir, 'clusters.json')
    const file = await readJsonFile(path, ClustersFile, { clusters: [] })
    return new ClusterRegistry(path, file.clusters)
  }

  list(): readonly ClusterRecord[] {
    return this.#clusters
  }

  get(name: string): ClusterRecord | undefined {
    return this.#clusters.find((c) => c.name === name)
  }

  /** The cluster whose public key has this fingerprint. */
  byFingerprint(fingerprint: string): ClusterRecord | undefined {
    return this.#clusters.find((c) => c.fingerprint === fingerprint)
  }

  /**
   * Creates or changes a cluster. A new public key replaces the old one: secret values sealed to
   * the old key stay readable by nodes that still hold it until they are rotated.
   * Throws `secret.bad-key` for a key that is not an X25519 public key in PEM form.
   */
  async put(
    name: string,
    change: { description?: string; publicKeyPem?: string; allowAmbient?: boolean },
    now = new Date(),
  ): Promise<ClusterRecord> {
    const before = this.get(name)
    let keyFields: Pick<ClusterRecord, 'publicKeyPem' | 'fingerprint'> = {
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
    const record: ClusterRecord = {
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
  async ensure(name: string): Promise<ClusterRecord> {
    return this.get(name) ?? this.put(name, {})
  }
}
