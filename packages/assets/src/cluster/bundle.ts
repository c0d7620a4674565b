import { type Asset, assetKey } from '../asset.ts'
import { type Issue, issue } from '../issues.ts'
import { environmentVariables } from '../macros/deployment-lookups.ts'
import { parseTemplate } from '../macros/parse.ts'
import { isLiteral, resolveStatic } from '../macros/resolve.ts'
import type { AssetRegistry } from '../spec/registry.ts'
import { closure } from '../validate/validate-project.ts'
import type { Bundle, WireAsset } from './protocol.ts'

/** What a bundle is made from: a deployment's spec, or an ad-hoc one for `sluice run`. */
export interface BundleSource {
  deployment: string
  cluster: string
  workflows: readonly string[]
  environments: readonly string[]
  secrets: readonly string[]
  /** The tag template, e.g. `release-${build:version}`. */
  tag: string
}

/**
 * Compiles a deployment into an immutable bundle: the workflows and every asset they reference,
 * the secret resources it lists (still encrypted), the environments merged in order, and the
 * build values. Called by the config server when a deployment is activated and by `sluice run`.
 * Returns issues instead of a bundle when a workflow, environment or secret is missing or the tag
 * does not resolve; macro checks of the assets themselves are `validateProject`'s.
 */
export function buildBundle(
  registry: AssetRegistry,
  assets: readonly Asset[],
  source: BundleSource,
  meta: { version: number; createdBy: string; now: Date },
): { bundle?: Bundle; issues: Issue[] } {
  const issues: Issue[] = []
  const find = (kind: string, name: string) => assets.find((a) => a.kind === kind && a.name === name)
  const included = new Map<string, Asset>()
  source.workflows.forEach((name, i) => {
    const root = find('workflow', name)
    if (root) for (const asset of closure(registry, assets, root)) included.set(assetKey(asset), asset)
    else issues.push(issue('ref.missing', ['spec', 'workflows', i], `no workflow named "${name}"`))
  })
  source.environments.forEach((name, i) => {
    if (!find('resource.environment', name))
      issues.push(issue('ref.missing', ['spec', 'environments', i], `no environment named "${name}"`))
  })
  source.secrets.forEach((name, i) => {
    const secret = find('resource.secret', name)
    if (secret) included.set(assetKey(secret), secret)
    else issues.push(issue('ref.missing', ['spec', 'secrets', i], `no secret resource named "${name}"`))
  })
  const build: Record<string, string> = {
    deployment: source.deployment,
    version: String(meta.version),
    timestamp: meta.now
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z'),
  }
  const tag = renderTag(source.tag, build)
  if (tag === undefined)
    issues.push(
      issue('macro.missing', ['spec', 'tag'], `the tag "${source.tag}" may use only \${build:...} macros`),
    )
  if (issues.length > 0 || tag === undefined) return { issues }
  build.tag = tag
  return {
    issues: [],
    bundle: {
      id: `${source.deployment}@${meta.version}`,
      deployment: source.deployment,
      version: meta.version,
      cluster: source.cluster,
      tag,
      createdAt: meta.now.toISOString(),
      createdBy: meta.createdBy,
      workflows: [...source.workflows],
      assets: [...included.values()].map(toWire),
      variables: Object.fromEntries(environmentVariables(assets, source.environments)),
      build,
    },
  }
}

function renderTag(template: string, build: Record<string, string>): string | undefined {
  try {
    const { template: resolved, problems } = resolveStatic(parseTemplate(template), {
      build: (name) => build[name],
    })
    return problems.length === 0 && isLiteral(resolved) ? resolved.join('') : undefined
  } catch {
    return undefined
  }
}

function toWire(asset: Asset): WireAsset {
  return {
    kind: asset.kind,
    name: asset.name,
    requiredRoles: [...asset.requiredRoles],
    spec: asset.spec,
    ...(asset.description === undefined ? {} : { description: asset.description }),
  }
}
