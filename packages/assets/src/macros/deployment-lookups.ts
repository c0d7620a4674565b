import type { Asset } from '../asset.ts'
import { prop } from '../validate/schema-pointer.ts'
import type { StaticLookups } from './resolve.ts'

/** The variables of a deployment's environments merged in order: a key in a later one wins. */
export function environmentVariables(
  assets: readonly Asset[],
  environments: readonly string[],
): Map<string, string> {
  const variables = new Map<string, string>()
  for (const name of environments) {
    const env = assets.find((a) => a.kind === 'resource.environment' && a.name === name)
    for (const [key, value] of Object.entries(Object(prop(env?.spec, 'variables')))) {
      if (typeof value === 'string') variables.set(key, value)
    }
  }
  return variables
}

/**
 * Lookups for checking a project against a deployment without decrypting anything: `lay:` reads
 * the merged environments, `sec:` answers a placeholder for every `resource/key` the deployment's
 * secrets hold. `env:` and `build:` are left unresolved, since they are known only on the engine.
 */
export function deploymentLookups(
  assets: readonly Asset[],
  deployment: { environments: readonly string[]; secrets: readonly string[] },
): StaticLookups {
  const variables = environmentVariables(assets, deployment.environments)
  return {
    lay: (name) => variables.get(name),
    sec: (name) => {
      const [resource = '', key = ''] = name.split('/')
      if (!deployment.secrets.includes(resource)) return undefined
      const secret = assets.find((a) => a.kind === 'resource.secret' && a.name === resource)
      return prop(prop(secret?.spec, 'values'), key) === undefined ? undefined : '<secret>'
    },
  }
}
