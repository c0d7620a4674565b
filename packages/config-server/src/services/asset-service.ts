import {
  type Asset,
  type AssetView,
  assetKey,
  type Issue,
  isValidName,
  type RenameResult,
  type Usage,
  usagesOf,
} from '@sluice/assets'
import type { AuditActor, AuditLog } from '../audit/audit-log.ts'
import { jsonDiff } from '../audit/diff.ts'
import { ServiceError } from '../errors.ts'
import type { TestResults } from '../probes/test-results.ts'
import {
  auditSecretSpec,
  maskSecretSpec,
  rotateSecretSpec,
  SECRET_KIND,
  sealSecretDocument,
  unsealedIssues,
} from '../secrets/secret-form.ts'
import type { SecretService } from '../secrets/secret-service.ts'
import {
  checkDocument,
  createAsset,
  deleteAsset,
  renameAsset,
  updateAsset,
  type WriteOutcome,
} from '../store/asset-writes.ts'
import { exportProject, type ImportOutcome, importProject } from '../store/project-io.ts'
import type { ProjectEntry } from '../store/project-scan.ts'
import type { ProjectStore } from '../store/project-store.ts'
import { referenceIssues } from '../store/reference-issues.ts'

const TESTABLE = /^(connection|source|sink)\./

/**
 * Assets for the API: the project store plus secret sealing and masking, the audit trail and the
 * last test results. Every write is checked, written atomically and recorded with a masked diff.
 */
export class AssetService {
  readonly store: ProjectStore
  readonly #secrets: SecretService
  readonly #audit: AuditLog
  readonly #tests: TestResults
  #issues: { generation: number; byKey: Map<string, Issue[]> } | undefined

  constructor(store: ProjectStore, secrets: SecretService, audit: AuditLog, tests: TestResults) {
    this.store = store
    this.#secrets = secrets
    this.#audit = audit
    this.#tests = tests
  }

  /** Checks the kind and name of a URL: 400 `asset.unknown-kind` or `asset.invalid-name`. */
  checkTarget(kind: string, name: string): void {
    if (!this.store.registry.get(kind))
      throw new ServiceError(
        'asset.unknown-kind',
        `unknown kind "${kind}"; known kinds: ${this.store.registry.types.map((t) => t.kind).join(', ')}`,
      )
    if (!isValidName(name))
      throw new ServiceError(
        'asset.invalid-name',
        'an asset name holds letters, digits, `-` and `_` and starts with a letter or digit',
        [{ path: '/name', code: 'asset.invalid-name', message: 'not a valid asset name' }],
      )
  }

  list(kind?: string): AssetView[] {
    const issues = this.#referenceIssues()
    return this.store
      .list(kind)
      .flatMap((entry) =>
        entry.asset ? [this.#view(entry, entry.asset, issues.get(assetKey(entry.asset)) ?? [])] : [],
      )
  }

  get(kind: string, name: string): AssetView {
    this.checkTarget(kind, name)
    const entry = this.store.get(kind, name)
    if (!entry?.asset) throw new ServiceError('asset.not-found', `no ${kind} named "${name}" in the project`)
    return this.#view(entry, entry.asset)
  }

  /** The raw text of an asset's file, comments included (secret values stay sealed). */
  text(kind: string, name: string): { text: string; version: string } {
    this.get(kind, name)
    const entry = this.store.get(kind, name)
    if (!entry) throw new ServiceError('asset.not-found', `no ${kind} named "${name}" in the project`)
    return { text: entry.text, version: entry.version }
  }

  /** Every asset and field that refers to the asset. */
  usages(kind: string, name: string): Usage[] {
    this.get(kind, name)
    return usagesOf(this.store.registry, this.store.assets(), { kind, name }).map((u) => ({
      kind: u.asset.kind,
      name: u.asset.name,
      path: u.path,
    }))
  }

  async create(actor: AuditActor, body: unknown): Promise<AssetView> {
    const document = this.#sealed(body, undefined, undefined)
    const outcome = await createAsset(this.store, checkDocument(this.store.registry, document))
    await this.#record(actor, 'asset.create', outcome)
    return this.#view(outcome.entry, outcome.after)
  }

  async update(
    actor: AuditActor,
    kind: string,
    name: string,
    body: unknown,
    ifMatch?: string,
  ): Promise<AssetView> {
    this.checkTarget(kind, name)
    const document = this.#sealed(body, kind, this.store.get(kind, name)?.asset?.spec)
    const outcome = await updateAsset(
      this.store,
      checkDocument(this.store.registry, document, { kind, name }),
      ifMatch,
    )
    if (outcome.changed) await this.#record(actor, 'asset.update', outcome)
    return this.#view(outcome.entry, outcome.after)
  }

  async remove(actor: AuditActor, kind: string, name: string, ifMatch?: string): Promise<void> {
    this.checkTarget(kind, name)
    const outcome = await deleteAsset(this.store, kind, name, ifMatch)
    await this.#audit.record({
      actor,
      action: 'asset.delete',
      target: `${kind}/${name}`,
      diff: jsonDiff(auditable(outcome.before), undefined),
    })
    await this.#tests.move(assetKey({ kind, name }), undefined)
  }

  async rename(
    actor: AuditActor,
    kind: string,
    name: string,
    newName: string,
    ifMatch?: string,
  ): Promise<RenameResult> {
    this.checkTarget(kind, name)
    const outcome = await renameAsset(this.store, kind, name, newName, ifMatch)
    await this.#audit.record({
      actor,
      action: 'asset.rename',
      target: `${kind}/${name}`,
      diff: [{ path: '/name', op: 'replace', before: name, after: newName }],
      details: { updated: outcome.referrers.map((r) => assetKey(r.after)) },
    })
    for (const referrer of outcome.referrers) await this.#record(actor, 'asset.update', referrer)
    await this.#tests.move(assetKey({ kind, name }), assetKey({ kind, name: newName }))
    return {
      asset: this.#view(outcome.entry, outcome.after),
      updated: outcome.referrers.map((r) => this.#view(r.entry, r.after)),
    }
  }

  /** Re-seals every value of a Secret resource to another key (see `rotateSecretSpec`). */
  async rotateSecret(actor: AuditActor, name: string, to: string, ifMatch?: string): Promise<AssetView> {
    const current = this.get(SECRET_KIND, name)
    const entry = this.store.get(SECRET_KIND, name)
    const spec = rotateSecretSpec(this.#secrets, entry?.asset?.spec, to)
    const document = {
      kind: SECRET_KIND,
      name,
      requiredRoles: current.requiredRoles,
      spec,
      ...(current.description === undefined ? {} : { description: current.description }),
    }
    const outcome = await updateAsset(this.store, checkDocument(this.store.registry, document), ifMatch)
    if (outcome.changed) await this.#record(actor, 'secret.rotate', outcome)
    return this.#view(outcome.entry, outcome.after)
  }

  exportYaml(): string {
    return exportProject(this.store)
  }

  async importYaml(actor: AuditActor, text: string): Promise<Omit<ImportOutcome, 'changes'>> {
    const { changes, ...outcome } = await importProject(this.store, text, (asset) =>
      asset.kind === SECRET_KIND ? unsealedIssues(asset.spec) : [],
    )
    for (const change of changes)
      await this.#audit.record({
        actor,
        action: change.before ? 'asset.update' : 'asset.create',
        target: assetKey(change.after),
        diff: jsonDiff(auditable(change.before), auditable(change.after)),
        details: { via: 'import' },
      })
    return outcome
  }

  #sealed(body: unknown, kind: string | undefined, previousSpec: unknown): unknown {
    const bodyKind = typeof body === 'object' && body !== null ? Reflect.get(body, 'kind') : undefined
    if ((kind ?? bodyKind) !== SECRET_KIND) return body
    return sealSecretDocument(this.#secrets, body, previousSpec)
  }

  async #record(actor: AuditActor, action: string, outcome: WriteOutcome): Promise<void> {
    await this.#audit.record({
      actor,
      action,
      target: assetKey(outcome.after),
      diff: jsonDiff(auditable(outcome.before), auditable(outcome.after)),
    })
  }

  /** `references` are the reference issues when the caller computed them for the whole project. */
  #view(entry: ProjectEntry, asset: Asset, references?: Issue[]): AssetView {
    const key = assetKey(asset)
    const refs = references ?? this.#ownReferenceIssues(asset)
    return {
      kind: asset.kind,
      name: asset.name,
      ...(asset.description === undefined ? {} : { description: asset.description }),
      requiredRoles: asset.requiredRoles,
      spec: asset.kind === SECRET_KIND ? maskSecretSpec(asset.spec) : asset.spec,
      file: entry.file,
      version: entry.version,
      issues: [...entry.ownIssues, ...refs],
      ...(TESTABLE.test(asset.kind) ? { test: this.#tests.status(key) } : {}),
    }
  }

  #ownReferenceIssues(asset: Asset, assets = this.store.assets()): Issue[] {
    return referenceIssues(this.store.registry, assets, asset).map((i) => ({
      ...i,
      ...(asset.file ? { file: asset.file } : {}),
    }))
  }

  #referenceIssues(): Map<string, Issue[]> {
    if (this.#issues?.generation !== this.store.generation) {
      const assets = this.store.assets()
      const byKey = new Map<string, Issue[]>()
      for (const asset of assets) {
        const found = this.#ownReferenceIssues(asset, assets)
        if (found.length > 0) byKey.set(assetKey(asset), found)
      }
      this.#issues = { generation: this.store.generation, byKey }
    }
    return this.#issues.byKey
  }
}

/** The parts of an asset the audit trail diffs, with secret values reduced to digests. */
export function auditable(asset: Asset | undefined): unknown {
  if (!asset) return undefined
  return {
    ...(asset.description === undefined ? {} : { description: asset.description }),
    requiredRoles: asset.requiredRoles,
    spec: asset.kind === SECRET_KIND ? auditSecretSpec(asset.spec) : asset.spec,
  }
}
