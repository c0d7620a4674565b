import { type Bundle, toPointer } from '@sluice/assets'
import type { ErrorIssue } from '../errors.ts'
import { SECRET_KIND } from '../secrets/secret-form.ts'
import type { SecretService } from '../secrets/secret-service.ts'
import type { ClusterRegistry } from './cluster-registry.ts'

function entries(value: unknown): [string, unknown][] {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value) : []
}

function text(value: unknown, key: string): string | undefined {
  const found: unknown = typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined
  return typeof found === 'string' ? found : undefined
}

/**
 * Gets a bundle's secret values to its cluster: each value sealed to the cluster's public key goes
 * as it is; one sealed to a server key is re-sealed to the cluster key (the plaintext never leaves
 * memory); one sealed to any other key cannot be opened by the cluster and is an issue.
 */
export class BundleSecrets {
  readonly #secrets: SecretService
  readonly #clusters: ClusterRegistry

  constructor(secrets: SecretService, clusters: ClusterRegistry) {
    this.#secrets = secrets
    this.#clusters = clusters
  }

  forCluster(bundle: Bundle): { bundle: Bundle; issues: ErrorIssue[]; warnings: string[] } {
    const target = this.#clusters.get(bundle.cluster)?.fingerprint
    const secretAssets = bundle.assets.filter((a) => a.kind === SECRET_KIND)
    if (target === undefined)
      return {
        bundle,
        issues: [],
        warnings:
          secretAssets.length === 0
            ? []
            : [
                `cluster "${bundle.cluster}" has no public key yet; secret values go as they are sealed in the project`,
              ],
      }
    const issues: ErrorIssue[] = []
    const assets = bundle.assets.map((asset) => {
      if (asset.kind !== SECRET_KIND) return asset
      const keyFingerprint = text(asset.spec, 'keyFingerprint')
      const values: Record<string, { ciphertext: string }> = {}
      for (const [key, value] of entries(
        typeof asset.spec === 'object' && asset.spec !== null ? Reflect.get(asset.spec, 'values') : undefined,
      )) {
        const ciphertext = text(value, 'ciphertext') ?? ''
        const from = text(value, 'fingerprint') ?? keyFingerprint ?? ''
        if (from === target) values[key] = { ciphertext }
        else if (this.#secrets.canOpen(from))
          values[key] = { ciphertext: this.#secrets.reseal(from, ciphertext, target) }
        else
          issues.push({
            file: `resource.secret/${asset.name}`,
            path: toPointer(['spec', 'values', key]),
            code: 'secret.wrong-key',
            message: `sealed to ${from}, which neither the server nor cluster "${bundle.cluster}" (${target}) can open; write the value again`,
          })
      }
      return { ...asset, spec: { keyFingerprint: target, values } }
    })
    return { bundle: { ...bundle, assets }, issues, warnings: [] }
  }
}
