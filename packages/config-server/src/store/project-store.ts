import { readFile, stat } from 'node:fs/promises'
import { resolve, sep } from 'node:path'
import { type Asset, type AssetRegistry, assetKey, type Issue, validateProject } from '@sluice/assets'
import { describeError, ServiceError } from '../errors.ts'
import { removeFileDurably, removeStaleTempFiles, writeFileAtomic } from './atomic-write.ts'
import {
  entryFor,
  type ProjectEntry,
  type ProjectSnapshot,
  scanProject,
  snapshotIssues,
  snapshotOf,
} from './project-scan.ts'
import { createSerialQueue } from './serial.ts'
import { type Watching, watchTree } from './watch.ts'

/** One change to the project: made through the API (`api`) or found on disk (`file`). */
export interface ProjectChange {
  type: 'created' | 'updated' | 'deleted'
  kind: string
  name: string
  before?: Asset
  after?: Asset
  source: 'api' | 'file'
}

/** What a write transaction may do; every call runs while no other write runs. */
export interface StoreTransaction {
  /** The current entry of an asset, re-read first if its file changed on disk since the last scan. */
  entry(kind: string, name: string): Promise<ProjectEntry | undefined>
  /** Every asset of the project as it stands within this transaction. */
  assets(): Asset[]
  /** True when a file (any content) exists at a project-relative path. */
  exists(file: string): Promise<boolean>
  /** Writes a file atomically and indexes it; `exclusive` refuses to replace an existing file. */
  write(file: string, text: string, options?: { exclusive?: boolean }): Promise<ProjectEntry>
  /** Deletes a file and drops it from the index. */
  remove(file: string): Promise<void>
}

export interface ProjectStoreOptions {
  root: string
  registry: AssetRegistry
  /** Watch the folder for edits made outside the server (default true). */
  watch?: boolean
  /** Called after a rescan found files changed on disk, not through the API. */
  onExternalChange?(changes: readonly ProjectChange[]): void
  /** Called when watching fails and the store falls back to rescanning on a timer. */
  onWatchError?(error: unknown): void
}

/**
 * The project directory of YAML files, indexed in memory. Reads answer from the index; writes run
 * one at a time through {@link ProjectStore.transaction}, check the file on disk first and write
 * atomically, so no update is lost and a crash leaves each file old or new. Edits made on disk are
 * picked up by a watch (or a timed rescan) without a restart.
 */
export class ProjectStore {
  readonly root: string
  readonly registry: AssetRegistry
  #snapshot: ProjectSnapshot = snapshotOf([])
  #scanIssues: Issue[] = []
  #generation = 0
  #assets: { generation: number; list: Asset[] } | undefined
  #validation: { generation: number; issues: Issue[] } | undefined
  readonly #queue = createSerialQueue()
  readonly #options: ProjectStoreOptions
  #watching: Watching | undefined

  private constructor(options: ProjectStoreOptions) {
    this.root = resolve(options.root)
    this.registry = options.registry
    this.#options = options
  }

  /** Opens a project: clears temporary files a crash left, reads every file, starts watching. */
  static async open(options: ProjectStoreOptions): Promise<ProjectStore> {
    const store = new ProjectStore(options)
    await removeStaleTempFiles(store.root)
    await store.#rescan(false)
    if (options.watch !== false) {
      store.#watching = await watchTree(store.root, (paths) => void store.#onDiskChange(paths), {
        delayMs: 75,
        fallbackIntervalMs: 2_000,
        onError: (error) => options.onWatchError?.(error),
      })
    }
    return store
  }

  /** Increments on every change, from the API or from disk. */
  get generation(): number {
    return this.#generation
  }

  /** The entries of every asset, in project order; `kind` narrows them to one kind. */
  list(kind?: string): ProjectEntry[] {
    return [...this.#snapshot.byKey.values()].filter((e) => kind === undefined || e.asset?.kind === kind)
  }

  get(kind: string, name: string): ProjectEntry | undefined {
    return this.#snapshot.byKey.get(assetKey({ kind, name }))
  }

  /** Every asset of the project, in project order. */
  assets(): Asset[] {
    if (this.#assets?.generation !== this.#generation)
      this.#assets = { generation: this.#generation, list: assetsOf(this.#snapshot) }
    return this.#assets.list
  }

  /** Every issue of the project: per file, per asset and across assets. */
  validate(): Issue[] {
    if (this.#validation?.generation !== this.#generation) {
      const issues = [
        ...this.#scanIssues,
        ...snapshotIssues(this.registry, this.#snapshot),
        ...validateProject(this.registry, this.assets()),
      ]
      this.#validation = { generation: this.#generation, issues }
    }
    return this.#validation.issues
  }

  /** Runs `work` while no other write runs; files it writes are indexed before it returns. */
  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return this.#queue.run(() => work(this.#transactionApi()))
  }

  /** Rereads the whole folder now; returns what changed on disk. */
  reload(): Promise<ProjectChange[]> {
    return this.#queue.run(() => this.#rescan())
  }

  /** Stops watching. */
  close(): void {
    this.#watching?.close()
  }

  /** The absolute path of a project-relative file; refuses any path that leaves the project. */
  pathOf(file: string): string {
    const path = resolve(this.root, file)
    if (!path.startsWith(this.root + sep) || !/\.ya?ml$/.test(path))
      throw new ServiceError('asset.invalid-name', `"${file}" is not a YAML file inside the project`)
    return path
  }

  #transactionApi(): StoreTransaction {
    return {
      entry: async (kind, name) => {
        const known = this.get(kind, name)
        if (!known) return undefined
        const disk = await readFile(this.pathOf(known.file), 'utf8').catch(() => undefined)
        if (disk === known.text) return known
        await this.#rescan()
        return this.get(kind, name)
      },
      assets: () => this.assets(),
      exists: (file) =>
        stat(this.pathOf(file)).then(
          () => true,
          () => false,
        ),
      write: async (file, text, options) => {
        await writeFileAtomic(this.pathOf(file), text, options)
        const entry = entryFor(this.registry, file, text)
        this.#replace(file, entry)
        return this.#snapshot.files.get(file) ?? entry
      },
      remove: async (file) => {
        await removeFileDurably(this.pathOf(file))
        this.#replace(file, undefined)
      },
    }
  }

  #replace(file: string, entry: ProjectEntry | undefined): void {
    const before = this.#snapshot.files.get(file)
    const sameKey = before?.asset && entry?.asset && assetKey(before.asset) === assetKey(entry.asset)
    if (before && entry && sameKey && before.duplicateOf === undefined) {
      this.#snapshot = withEntry(this.#snapshot, entry)
    } else {
      const others = [...this.#snapshot.files.values()].filter((e) => e.file !== file)
      this.#snapshot = snapshotOf(entry ? [...others, entry] : others)
    }
    this.#generation += 1
  }

  async #onDiskChange(paths: readonly (string | undefined)[]): Promise<void> {
    try {
      await this.#queue.run(async () => {
        if (await this.#unchanged(paths)) return []
        return this.#rescan()
      })
    } catch (error) {
      this.#options.onWatchError?.(new Error(`rescanning the project failed: ${describeError(error)}`))
    }
  }

  async #unchanged(paths: readonly (string | undefined)[]): Promise<boolean> {
    for (const path of new Set(paths)) {
      if (path === undefined) return false
      const absolute = resolve(this.root, path)
      const known = this.#snapshot.files.get(path)
      const isYaml = /\.ya?ml$/.test(path)
      const disk = known || isYaml ? await readFile(absolute, 'utf8').catch(() => undefined) : undefined
      if (known && disk !== known.text) return false
      if (!known && isYaml && disk !== undefined) return false
      if (
        !isYaml &&
        (await stat(absolute).then(
          (s) => s.isDirectory(),
          () => true,
        ))
      )
        return false
    }
    return true
  }

  async #rescan(notify = true): Promise<ProjectChange[]> {
    const { snapshot, issues } = await scanProject(this.registry, this.root, this.#snapshot)
    const changes = diffSnapshots(this.#snapshot, snapshot)
    this.#snapshot = snapshot
    this.#scanIssues = issues
    this.#generation += 1
    if (notify && changes.length > 0) this.#options.onExternalChange?.(changes)
    return changes
  }
}

/** The snapshot with one file's entry replaced by a new version holding the same asset key. */
function withEntry(snapshot: ProjectSnapshot, entry: ProjectEntry): ProjectSnapshot {
  const files = new Map(snapshot.files)
  files.set(entry.file, entry)
  const byKey = new Map(snapshot.byKey)
  if (entry.asset) byKey.set(assetKey(entry.asset), entry)
  return { files, byKey }
}

function assetsOf(snapshot: ProjectSnapshot): Asset[] {
  return [...snapshot.byKey.values()].flatMap((e) => (e.asset ? [e.asset] : []))
}

function diffSnapshots(before: ProjectSnapshot, after: ProjectSnapshot): ProjectChange[] {
  const changes: ProjectChange[] = []
  for (const [key, entry] of after.byKey) {
    const old = before.byKey.get(key)
    const asset = entry.asset
    if (!asset) continue
    if (!old?.asset)
      changes.push({ type: 'created', kind: asset.kind, name: asset.name, after: asset, source: 'file' })
    else if (old.text !== entry.text)
      changes.push({
        type: 'updated',
        kind: asset.kind,
        name: asset.name,
        before: old.asset,
        after: asset,
        source: 'file',
      })
  }
  for (const [key, old] of before.byKey) {
    if (!after.byKey.has(key) && old.asset)
      changes.push({
        type: 'deleted',
        kind: old.asset.kind,
        name: old.asset.name,
        before: old.asset,
        source: 'file',
      })
  }
  return changes
}
