import {
  type Asset,
  type AssetRegistry,
  assetKey,
  closure,
  connectionAws,
  deployment,
  environmentVariables,
  type Issue,
  isAuthored,
  referencesOf,
  resolveReference,
  resolveSpec,
  type StaticLookups,
} from '@sluice/assets'
import type { ConnectionSpec } from '@sluice/aws'
import type { ClusterRegistry } from '../cluster/cluster-registry.ts'
import { sealedValues } from '../secrets/secret-form.ts'
import type { SecretService } from '../secrets/secret-service.ts'
import type { ResolvedConnection } from './aws-gateway.ts'

/** Where a test of an asset resolves its macros, and who can open its secrets. */
export interface TestContext {
  target: Asset
  /** The deployment whose environments and secrets the macros read, when one uses the asset. */
  deployment?: string
  cluster: string
  environments: string[]
  secretResources: string[]
  variables: Map<string, string>
  /** The target and everything it references, plus the deployment's secret resources. */
  assets: Asset[]
  /** The roles every asset involved requires: a delegated test runs on a node that has them. */
  requiredRoles: string[]
}

/** The outcome of resolving a test's connection and target on the server. */
export type Resolution =
  | { kind: 'ready'; connection: ResolvedConnection; targetSpec?: unknown }
  /** Secrets are sealed to keys only nodes hold: the test goes to a node holding `fingerprints`. */
  | { kind: 'locked'; fingerprints: string[] }
  | { kind: 'invalid'; issues: Issue[] }

function deploymentsUsing(registry: AssetRegistry, assets: readonly Asset[], target: Asset): Asset[] {
  return assets.filter((a) => {
    if (a.kind !== 'deployment' || !isAuthored(deployment, a.spec)) return false
    return a.spec.workflows.some((name) => {
      const root = assets.find((w) => w.kind === 'workflow' && w.name === name)
      return (
        root !== undefined && closure(registry, assets, root).some((x) => assetKey(x) === assetKey(target))
      )
    })
  })
}

/**
 * The context of testing `target`: the named deployment, else the first deployment that uses it,
 * else no environments and every secret resource it references. Returns undefined for a named
 * deployment that does not exist.
 */
export function testContext(
  registry: AssetRegistry,
  assets: readonly Asset[],
  target: Asset,
  deploymentName?: string,
): TestContext | undefined {
  const chosen =
    deploymentName === undefined
      ? deploymentsUsing(registry, assets, target)[0]
      : assets.find((a) => a.kind === 'deployment' && a.name === deploymentName)
  if (deploymentName !== undefined && !chosen) return undefined
  const deploymentSpec = chosen && isAuthored(deployment, chosen.spec) ? chosen.spec : undefined
  const involved = closure(registry, assets, target)
  const secretResources = deploymentSpec
    ? [...deploymentSpec.secrets]
    : involved.filter((a) => a.kind === 'resource.secret').map((a) => a.name)
  const withSecrets = new Map(involved.map((a) => [assetKey(a), a]))
  for (const name of secretResources) {
    const secret = assets.find((a) => a.kind === 'resource.secret' && a.name === name)
    if (secret) withSecrets.set(assetKey(secret), secret)
  }
  const environments = deploymentSpec ? [...deploymentSpec.environments] : []
  return {
    target,
    ...(chosen ? { deployment: chosen.name } : {}),
    cluster: deploymentSpec?.cluster ?? 'default',
    environments,
    secretResources,
    variables: environmentVariables(assets, environments),
    assets: [...withSecrets.values()],
    requiredRoles: [...new Set(involved.flatMap((a) => a.requiredRoles))].sort(),
  }
}

/**
 * Resolves the connection of a test (and the target's spec) on the server: `lay:` from the
 * context's environments, `sec:` by opening values with the server's keys. Values sealed to keys
 * only engine nodes hold make it `locked`; other unresolved names make it `invalid`.
 */
export function resolveForServer(
  registry: AssetRegistry,
  context: TestContext,
  secrets: SecretService,
  clusters: ClusterRegistry,
): Resolution {
  const locked = new Set<string>()
  const lookups: StaticLookups = {
    lay: (name) => context.variables.get(name),
    sec: (name) => {
      const [resource = '', key = ''] = name.split('/')
      if (!context.secretResources.includes(resource)) return undefined
      const holder = context.assets.find((a) => a.kind === 'resource.secret' && a.name === resource)
      const value = sealedValues(holder?.spec).values.get(key)
      if (!value) return undefined
      const fingerprint = value.fingerprint ?? ''
      if (secrets.canOpen(fingerprint)) return secrets.open(fingerprint, value.ciphertext)
      locked.add(fingerprint)
      return undefined
    },
  }
  const connections = new Map<string, ConnectionSpec | undefined>()
  const issues: Issue[] = []
  const resolveConnection = (name: string): ConnectionSpec | undefined => {
    if (connections.has(name)) return connections.get(name)
    const asset = context.assets.find((a) => a.kind === connectionAws.kind && a.name === name)
    const resolved = asset ? resolveSpec(connectionAws, asset.spec, lookups) : undefined
    if (resolved && !resolved.spec)
      issues.push(...resolved.issues.map((i) => ({ ...i, file: asset?.file ?? name })))
    connections.set(name, resolved?.spec)
    return resolved?.spec
  }
  const target = context.target
  const connectionAsset =
    target.kind === connectionAws.kind
      ? target
      : referencesOf(registry, target)
          .filter((r) => r.kinds.includes(connectionAws.kind))
          .map((r) => resolveReference(context.assets, r))
          .find((a) => a !== undefined)
  const connection = connectionAsset ? resolveConnection(connectionAsset.name) : undefined
  let targetSpec: unknown
  if (target.kind !== connectionAws.kind) {
    const type = registry.get(target.kind)
    const resolved = type ? resolveSpec(type, target.spec, lookups) : undefined
    if (resolved && !resolved.spec) issues.push(...resolved.issues)
    targetSpec = resolved?.spec
  }
  if (locked.size > 0) return { kind: 'locked', fingerprints: [...locked].sort() }
  if (!connectionAsset)
    return {
      kind: 'invalid',
      issues: [
        {
          path: '/spec/connection',
          code: 'ref.missing',
          message: 'the asset has no AWS connection to test through',
        },
      ],
    }
  if (!connection || issues.length > 0) return { kind: 'invalid', issues }
  const allowAmbient = clusters.get(context.cluster)?.allowAmbient ?? true
  return {
    kind: 'ready',
    connection: {
      spec: connection,
      options: { allowAmbient, connection: resolveConnection, name: connectionAsset.name },
    },
    ...(target.kind === connectionAws.kind ? {} : { targetSpec }),
  }
}
