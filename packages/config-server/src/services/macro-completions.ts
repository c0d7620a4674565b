import {
  type Asset,
  deployment,
  environmentVariables,
  isAuthored,
  MACRO_PREFIXES,
  type MacroNamesView,
} from '@sluice/assets'
import { ServiceError } from '../errors.ts'

const BUILD_NAMES = ['deployment', 'tag', 'timestamp', 'version']

/**
 * Macro names available in a context: a deployment (its environments merged in order, its secret
 * resources) or environments named directly (then every secret resource). `lay` shows each key's
 * value and the environment it comes from; `sec` lists `resource/key` names only, never values.
 * Throws `deployment.not-found` or `asset.not-found` for names that do not exist.
 */
export function macroCompletions(
  assets: readonly Asset[],
  context: { deployment?: string; environments?: readonly string[] },
): MacroNamesView {
  const find = (kind: string, name: string) => assets.find((a) => a.kind === kind && a.name === name)
  let environments = [...(context.environments ?? [])]
  let secrets = assets.filter((a) => a.kind === 'resource.secret').map((a) => a.name)
  if (context.deployment !== undefined) {
    const chosen = find('deployment', context.deployment)
    if (!chosen || !isAuthored(deployment, chosen.spec))
      throw new ServiceError('deployment.not-found', `no valid deployment named "${context.deployment}"`)
    environments = [...chosen.spec.environments]
    secrets = [...chosen.spec.secrets]
  }
  for (const name of environments)
    if (!find('resource.environment', name))
      throw new ServiceError('asset.not-found', `no resource.environment named "${name}"`)
  const merged = environmentVariables(assets, environments)
  const origin = new Map<string, string>()
  for (const name of environments)
    for (const key of environmentVariables(assets, [name]).keys()) origin.set(key, name)
  const sec = secrets.flatMap((resource) => {
    const values = find('resource.secret', resource)?.spec
    const keys = typeof values === 'object' && values !== null ? Reflect.get(values, 'values') : undefined
    return Object.keys(typeof keys === 'object' && keys !== null ? keys : {}).map((key) => ({
      name: `${resource}/${key}`,
      resource,
      key,
    }))
  })
  return {
    environments,
    secrets,
    lay: [...merged]
      .map(([name, value]) => ({ name, value, from: origin.get(name) ?? '' }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    sec: sec.sort((a, b) => a.name.localeCompare(b.name)),
    build: BUILD_NAMES,
    prefixes: Object.keys(MACRO_PREFIXES),
  }
}
