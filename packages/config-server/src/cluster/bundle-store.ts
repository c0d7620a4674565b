import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Bundle, type BundleSummary, isValidName } from '@sluice/assets'
import Value from 'typebox/value'
import { ServiceError } from '../errors.ts'
import { writeFileAtomic } from '../store/atomic-write.ts'

export function summaryOf(bundle: Bundle): BundleSummary {
  const { id, deployment, version, tag, createdAt, createdBy, workflows } = bundle
  return { id, deployment, version, tag, createdAt, createdBy, workflows }
}

/** Splits `<deployment>@<version>`; undefined for anything else. */
export function parseBundleId(id: string): { deployment: string; version: number } | undefined {
  const match = /^([A-Za-z0-9][A-Za-z0-9_-]{0,127})@([1-9][0-9]{0,8})$/.exec(id)
  return match?.[1] && match[2] ? { deployment: match[1], version: Number(match[2]) } : undefined
}

/**
 * Deployed bundles, one immutable file each: `bundles/<deployment>/<version>.json` in the data
 * directory. A version is written once (exclusively) and never changed, so nodes can cache it.
 */
export class BundleStore {
  readonly #root: string
  readonly #cache = new Map<string, Bundle>()

  constructor(dataDir: string) {
    this.#root = join(dataDir, 'bundles')
  }

  /** The versions of a deployment, oldest first. */
  async versions(deployment: string): Promise<number[]> {
    if (!isValidName(deployment)) return []
    const names = await readdir(join(this.#root, deployment)).catch(() => [])
    return names
      .flatMap((name) => (/^[1-9][0-9]*\.json$/.test(name) ? [Number(name.slice(0, -5))] : []))
      .sort((a, b) => a - b)
  }

  async nextVersion(deployment: string): Promise<number> {
    return ((await this.versions(deployment)).at(-1) ?? 0) + 1
  }

  /** Stores a new bundle; throws if its version exists (bundles are immutable). */
  async put(bundle: Bundle): Promise<void> {
    await writeFileAtomic(this.#file(bundle.deployment, bundle.version), `${JSON.stringify(bundle)}\n`, {
      exclusive: true,
      mode: 0o600,
    })
    this.#cache.set(bundle.id, bundle)
  }

  /** Reads a bundle by id; `bundle.not-found` when there is none. */
  async get(id: string): Promise<Bundle> {
    const cached = this.#cache.get(id)
    if (cached) return cached
    const parsed = parseBundleId(id)
    const text = parsed
      ? await readFile(this.#file(parsed.deployment, parsed.version), 'utf8').catch(() => undefined)
      : undefined
    const bundle: unknown = text === undefined ? undefined : JSON.parse(text)
    if (!Value.Check(Bundle, bundle)) throw new ServiceError('bundle.not-found', `no bundle "${id}"`)
    this.#cache.set(id, bundle)
    return bundle
  }

  async list(deployment: string): Promise<BundleSummary[]> {
    const summaries: BundleSummary[] = []
    for (const version of await this.versions(deployment))
      summaries.push(summaryOf(await this.get(`${deployment}@${version}`)))
    return summaries
  }

  #file(deployment: string, version: number): string {
    return join(this.#root, deployment, `${version}.json`)
  }
}
