import type { Bundle } from '@sluice/assets'
import type { NodeStore } from './node-store.ts'
import type { ServerApi } from './server-api.ts'

/**
 * Bundles for the reconciler: from the data directory when cached (they are immutable), else from
 * the server, checked to be the one asked for and of this node's cluster, then cached.
 */
export function cachedBundles(
  store: NodeStore,
  api: Pick<ServerApi, 'bundle'>,
  cluster: string,
): (bundleId: string) => Promise<Bundle> {
  return async (bundleId) => {
    const cached = await store.loadBundle(bundleId)
    if (cached) return cached
    const bundle = await api.bundle(bundleId)
    if (bundle.id !== bundleId) throw new Error(`the server sent bundle ${bundle.id} for ${bundleId}`)
    if (bundle.cluster !== cluster)
      throw new Error(`bundle ${bundleId} is for cluster "${bundle.cluster}", not "${cluster}"`)
    await store.saveBundle(bundle)
    return bundle
  }
}
