import {
  type Asset,
  type AssetRegistry,
  assetToYaml,
  defaultFileFor,
  isValidName,
  renameAsset as renameInProject,
  updateAssetYaml,
  usagesOf,
  validateAsset,
} from '@sluice/assets'
import { type ErrorIssue, ServiceError } from '../errors.ts'
import type { ProjectEntry } from './project-scan.ts'
import type { ProjectStore, StoreTransaction } from './project-store.ts'
import { referenceIssues } from './reference-issues.ts'
import { ifMatchAllows } from './version.ts'

/** What a write did: the entry now on disk and the asset before and after. */
export interface WriteOutcome {
  entry: ProjectEntry
  before?: Asset
  after: Asset
  /** False when the write changed nothing (the same content was sent again). */
  changed: boolean
}

/**
 * Validates an asset document sent to the API: the envelope, the spec against its kind and every
 * macro. `expected` is the kind and name of the URL; the body may leave them out or must repeat
 * them. Throws `asset.invalid` (422) with every issue.
 */
export function checkDocument(
  registry: AssetRegistry,
  document: unknown,
  expected?: { kind: string; name: string },
): Asset {
  let value = document
  if (expected && typeof document === 'object' && document !== null && !Array.isArray(document)) {
    const mismatch: ErrorIssue[] = []
    for (const field of ['kind', 'name'] as const) {
      const given: unknown = Reflect.get(document, field)
      if (given !== undefined && given !== expected[field])
        mismatch.push({
          path: `/${field}`,
          code: 'asset.path-mismatch',
          message: `the body names ${field} "${String(given)}" but the URL names "${expected[field]}"; use the rename route to rename`,
        })
    }
    if (mismatch.length > 0)
      throw new ServiceError('asset.invalid', 'the body and the URL disagree', mismatch)
    value = { ...document, kind: expected.kind, name: expected.name }
  }
  const { asset, issues } = validateAsset(registry, value)
  if (!asset || issues.length > 0)
    throw new ServiceError('asset.invalid', `the asset has ${issues.length} issue(s)`, issues)
  return asset
}

/** Throws unless `ifMatch` names `version`: 428 when it is missing, 412 when it is stale. */
export function requireVersion(ifMatch: string | undefined, current: ProjectEntry): void {
  if (ifMatch === undefined || ifMatch.trim() === '')
    throw new ServiceError(
      'version.required',
      `send If-Match with the current version of ${current.file} (its ETag) to change it`,
    )
  if (!ifMatchAllows(ifMatch, current.version))
    throw new ServiceError(
      'version.stale',
      `${current.file} changed since it was read (now at version ${current.version}); reload it and apply the change again`,
    )
}

function requireReferences(registry: AssetRegistry, assets: readonly Asset[], asset: Asset): void {
  const issues = referenceIssues(registry, assets, asset)
  if (issues.length > 0)
    throw new ServiceError('asset.invalid', `the asset refers to ${issues.length} missing asset(s)`, issues)
}

function notFound(kind: string, name: string): ServiceError {
  return new ServiceError('asset.not-found', `no ${kind} named "${name}" in the project`)
}

/** Existing entry of an asset within a transaction, or 404. */
async function existing(
  tx: StoreTransaction,
  kind: string,
  name: string,
): Promise<ProjectEntry & { asset: Asset }> {
  const entry = await tx.entry(kind, name)
  const asset = entry?.asset
  if (!entry || !asset) throw notFound(kind, name)
  return { ...entry, asset }
}

/** Creates an asset in its conventional file; 409 when the asset or its file exists. */
export function createAsset(store: ProjectStore, asset: Asset): Promise<WriteOutcome> {
  return store.transaction(async (tx) => {
    if (await tx.entry(asset.kind, asset.name))
      throw new ServiceError('asset.exists', `${asset.kind} "${asset.name}" already exists`)
    requireReferences(store.registry, [...tx.assets(), asset], asset)
    const file = defaultFileFor(asset, store.registry) ?? `${asset.name}.yaml`
    if (await tx.exists(file))
      throw new ServiceError(
        'asset.file-exists',
        `${file} exists but does not hold this asset; move it first`,
      )
    const entry = await tx.write(file, assetToYaml(store.registry, asset), { exclusive: true })
    return { entry, after: asset, changed: true }
  })
}

/** Replaces an asset; its file keeps its comments and formatting where the values did not change. */
export function updateAsset(
  store: ProjectStore,
  asset: Asset,
  ifMatch: string | undefined,
): Promise<WriteOutcome> {
  return store.transaction(async (tx) => {
    const current = await existing(tx, asset.kind, asset.name)
    requireVersion(ifMatch, current)
    const others = tx.assets().filter((a) => a !== current.asset)
    requireReferences(store.registry, [...others, asset], asset)
    const text = updateAssetYaml(store.registry, current.text, asset)
    if (text === current.text)
      return { entry: current, before: current.asset, after: current.asset, changed: false }
    const entry = await tx.write(current.file, text)
    return { entry, before: current.asset, after: entry.asset ?? asset, changed: true }
  })
}

/** Deletes an asset; 409 `asset.in-use` listing every reference while other assets use it. */
export function deleteAsset(
  store: ProjectStore,
  kind: string,
  name: string,
  ifMatch: string | undefined,
): Promise<WriteOutcome> {
  return store.transaction(async (tx) => {
    const current = await existing(tx, kind, name)
    requireVersion(ifMatch, current)
    const uses = usagesOf(store.registry, tx.assets(), current.asset).filter((u) => u.asset !== current.asset)
    if (uses.length > 0)
      throw new ServiceError(
        'asset.in-use',
        `${kind} "${name}" is used by ${uses.length} reference(s); change them first`,
        uses.map((u) => ({
          path: u.path,
          code: 'asset.in-use',
          message: `${u.asset.kind} "${u.asset.name}" refers to it at ${u.path}`,
        })),
      )
    await tx.remove(current.file)
    return { entry: current, before: current.asset, after: current.asset, changed: true }
  })
}

/** What a rename changed: the renamed asset and every asset whose references were rewritten. */
export interface RenameOutcome extends WriteOutcome {
  referrers: WriteOutcome[]
}

/**
 * Renames an asset and rewrites every reference to it. The new file is written first, then the
 * referrers, then the old file is removed, so a crash part-way leaves a project whose references
 * all resolve.
 */
export function renameAsset(
  store: ProjectStore,
  kind: string,
  name: string,
  newName: string,
  ifMatch: string | undefined,
): Promise<RenameOutcome> {
  return store.transaction(async (tx) => {
    const current = await existing(tx, kind, name)
    requireVersion(ifMatch, current)
    if (!isValidName(newName))
      throw new ServiceError(
        'asset.invalid-name',
        'a name holds letters, digits, `-` and `_`, starts with a letter or digit, at most 128 characters',
        [{ path: '/newName', code: 'asset.invalid-name', message: 'not a valid asset name' }],
      )
    if (await tx.entry(kind, newName))
      throw new ServiceError('asset.exists', `${kind} "${newName}" already exists`)
    const { renamed, updated } = renameInProject(store.registry, tx.assets(), current.asset, newName)
    if (!renamed) throw notFound(kind, name)
    const file = renamedFile(store.registry, current, renamed)
    if (await tx.exists(file))
      throw new ServiceError(
        'asset.file-exists',
        `${file} exists but does not hold this asset; move it first`,
      )
    const entry = await tx.write(file, updateAssetYaml(store.registry, current.text, renamed), {
      exclusive: true,
    })
    const referrers: WriteOutcome[] = []
    for (const asset of updated) {
      const referrer = await existing(tx, asset.kind, asset.name)
      const written = await tx.write(referrer.file, updateAssetYaml(store.registry, referrer.text, asset))
      referrers.push({ entry: written, before: referrer.asset, after: written.asset ?? asset, changed: true })
    }
    await tx.remove(current.file)
    return { entry, before: current.asset, after: entry.asset ?? renamed, changed: true, referrers }
  })
}

function renamedFile(registry: AssetRegistry, current: ProjectEntry, renamed: Asset): string {
  const slash = current.file.lastIndexOf('/')
  const base = current.file.slice(slash + 1)
  const extension = base.endsWith('.yml') ? '.yml' : '.yaml'
  if (base.replace(/\.ya?ml$/, '') !== current.asset?.name)
    return defaultFileFor(renamed, registry) ?? `${renamed.name}.yaml`
  return `${current.file.slice(0, slash + 1)}${renamed.name}${extension}`
}
