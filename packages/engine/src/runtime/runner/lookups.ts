import type { Bundle, StaticLookups } from '@sluice/assets'
import type { Keyring } from '@sluice/secrets'
import { field } from '../expression/semantics.ts'
import type { EnvAllowlist } from './env-allow.ts'
import type { ConfigProblem } from './problems.ts'

/** Where a workflow's static macros come from on this engine node. */
export interface LookupSources {
  /** The node's private keys, for `sec:`; without one every `sec:` macro is a problem. */
  readonly keyring?: Keyring | undefined
  /** The process environment, for `env:`. */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** The `env:` variables the operator allows; none when absent. */
  readonly envAllow?: EnvAllowlist
}

/** Lookups over a bundle, and the secrets that could not be opened while they were used. */
export interface BundleLookups {
  readonly lookups: StaticLookups
  /** One problem per `${sec:...}` name that exists but did not open, keyed by that name. */
  readonly secretProblems: ReadonlyMap<string, ConfigProblem>
}

/**
 * Static lookups for starting a workflow of `bundle`: `lay:` from its merged environments, `sec:`
 * by opening its secret resources with the node's keyring (each value once), `env:` only for
 * allowed variables (others answer `denied`), `build:` from its build values.
 */
export function bundleLookups(bundle: Bundle, sources: LookupSources): BundleLookups {
  const opened = new Map<string, string | undefined>()
  const secretProblems = new Map<string, ConfigProblem>()
  const openSecret = (name: string): string | undefined => {
    const slash = name.indexOf('/')
    const resource = slash < 0 ? name : name.slice(0, slash)
    const key = slash < 0 ? '' : name.slice(slash + 1)
    const asset = bundle.assets.find((a) => a.kind === 'resource.secret' && a.name === resource)
    const values = field(asset?.spec, 'values')
    const entry =
      typeof values === 'object' && values !== null && Object.hasOwn(values, key)
        ? field(values, key)
        : undefined
    const ciphertext = field(entry, 'ciphertext')
    if (!asset || typeof ciphertext !== 'string') return undefined
    const problem = (code: string, message: string) => {
      secretProblems.set(name, {
        asset: `resource.secret/${resource}`,
        path: `/spec/values/${key}`,
        code,
        message,
      })
      return undefined
    }
    const own = field(entry, 'fingerprint')
    const fingerprint = typeof own === 'string' ? own : field(asset.spec, 'keyFingerprint')
    if (typeof fingerprint !== 'string')
      return problem('secret.malformed', `"${key}" names no key fingerprint`)
    if (!sources.keyring)
      return problem(
        'secret.no-key',
        `\${sec:${name}} needs the cluster's private key (${fingerprint}); give it with --key or SLUICE_PRIVATE_KEY`,
      )
    try {
      return sources.keyring.open(fingerprint, ciphertext)
    } catch (error) {
      const code = field(error, 'code')
      const message = field(error, 'message')
      return problem(
        typeof code === 'string' ? code : 'secret.unreadable',
        `\${sec:${name}} does not open: ${typeof message === 'string' ? message : 'unknown error'}`,
      )
    }
  }
  const lookups: StaticLookups = {
    lay: (name) => own(bundle.variables, name),
    build: (name) => own(bundle.build, name),
    env: (name) => {
      if (!sources.envAllow?.allows(name)) return 'denied'
      return sources.env ? own(sources.env, name) : undefined
    },
    sec: (name) => {
      if (!opened.has(name)) opened.set(name, openSecret(name))
      return opened.get(name)
    },
  }
  return { lookups, secretProblems }
}

function own(record: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  return Object.hasOwn(record, name) ? record[name] : undefined
}
