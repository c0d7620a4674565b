import { type Asset, assetKey, defaultFileFor, type Issue, issue, parseAssetYaml } from '@sluice/assets'
import { type ErrorIssue, ServiceError } from '../errors.ts'
import type { ProjectStore } from './project-store.ts'
import { referenceIssues } from './reference-issues.ts'

const MARKER = /^---(?:[ \t]+#[ \t]*sluice-file:[ \t]*(\S+))?[ \t]*$/
const FILE = /^(?:[A-Za-z0-9_][A-Za-z0-9_.-]*\/)*[A-Za-z0-9_][A-Za-z0-9_.-]*\.ya?ml$/

/** One document of a multi-document YAML export: its text and the file it came from. */
export interface ExportedDocument {
  file?: string
  text: string
}

/**
 * The whole project as one multi-document YAML text: the file of every asset verbatim (comments
 * kept, secret values still sealed), each after a `--- # sluice-file: <path>` line. Files that do
 * not parse are left out; `GET /api/validation` lists them.
 */
export function exportProject(store: ProjectStore): string {
  return store
    .list()
    .map(
      (entry) =>
        `--- # sluice-file: ${entry.file}\n${entry.text.endsWith('\n') ? entry.text : `${entry.text}\n`}`,
    )
    .join('')
}

/** Splits a multi-document YAML text at `---` lines; `# sluice-file:` on that line names the file. */
export function splitDocuments(text: string): ExportedDocument[] {
  const documents: ExportedDocument[] = []
  let current: { file?: string; lines: string[] } = { lines: [] }
  const finish = () => {
    const body = current.lines.join('\n')
    if (body.split('\n').some((line) => line.trim() !== '' && !line.trimStart().startsWith('#')))
      documents.push({
        ...(current.file === undefined ? {} : { file: current.file }),
        text: `${body.trimEnd()}\n`,
      })
  }
  for (const line of text.split(/\r?\n/)) {
    const marker = MARKER.exec(line)
    if (marker) {
      finish()
      current = marker[1] === undefined ? { lines: [] } : { file: marker[1], lines: [] }
    } else if (!/^\.\.\.\s*$/.test(line)) {
      current.lines.push(line)
    }
  }
  finish()
  return documents
}

/** What an import did, by asset key (`kind/name`). */
export interface ImportOutcome {
  created: string[]
  updated: string[]
  unchanged: string[]
  /** The assets before and after, for the audit trail. */
  changes: { before?: Asset; after: Asset }[]
}

/**
 * Imports a multi-document YAML text: each document an asset, created or replacing the asset of
 * the same kind and name. Everything is checked first (YAML, schema, macros, references in the
 * project as it will be); on any issue nothing is written and `project.invalid` lists them all.
 */
export function importProject(
  store: ProjectStore,
  text: string,
  extraIssues: (asset: Asset) => readonly ErrorIssue[] = () => [],
): Promise<ImportOutcome> {
  return store.transaction(async (tx) => {
    const documents = splitDocuments(text)
    const issues: (Issue | ErrorIssue)[] = []
    const parsed: { asset: Asset; text: string; file?: string; label: string }[] = []
    const seen = new Set<string>()
    documents.forEach((document, index) => {
      const label = document.file ?? `document ${index + 1}`
      const result = parseAssetYaml(store.registry, document.text, label)
      issues.push(...result.issues)
      const asset = result.asset
      if (!asset || result.issues.length > 0) return
      issues.push(...extraIssues(asset).map((i) => ({ ...i, file: label })))
      if (seen.has(assetKey(asset))) {
        issues.push({
          file: label,
          ...issue('asset.duplicate-name', '/name', `${assetKey(asset)} appears twice`),
        })
        return
      }
      if (document.file !== undefined && !FILE.test(document.file))
        issues.push({
          file: label,
          ...issue('asset.invalid-name', '', 'the sluice-file path is not a safe project path'),
        })
      seen.add(assetKey(asset))
      parsed.push({
        asset,
        text: document.text,
        label,
        ...(document.file === undefined ? {} : { file: document.file }),
      })
    })
    if (documents.length === 0)
      issues.push(issue('yaml.not-object', '', 'the import holds no YAML documents'))
    const incoming = new Set(parsed.map((p) => assetKey(p.asset)))
    const result = [...tx.assets().filter((a) => !incoming.has(assetKey(a))), ...parsed.map((p) => p.asset)]
    for (const item of parsed)
      issues.push(
        ...referenceIssues(store.registry, result, item.asset).map((i) => ({ file: item.label, ...i })),
      )
    const plans: { file: string; text: string; before?: Asset; asset: Asset }[] = []
    for (const item of parsed) {
      const current = await tx.entry(item.asset.kind, item.asset.name)
      if (current?.asset) {
        plans.push({ file: current.file, text: item.text, before: current.asset, asset: item.asset })
        continue
      }
      const declared = item.file !== undefined && FILE.test(item.file) ? item.file : undefined
      const file = declared ?? defaultFileFor(item.asset, store.registry) ?? `${item.asset.name}.yaml`
      if (await tx.exists(file))
        issues.push({
          file: item.label,
          ...issue('asset.file-name-mismatch', '', `${file} exists and holds another asset`),
        })
      plans.push({ file, text: item.text, asset: item.asset })
    }
    if (issues.length > 0)
      throw new ServiceError(
        'project.invalid',
        `the import has ${issues.length} issue(s); nothing was written`,
        issues,
      )
    const outcome: ImportOutcome = { created: [], updated: [], unchanged: [], changes: [] }
    for (const plan of plans) {
      const key = assetKey(plan.asset)
      const current = plan.before ? await tx.entry(plan.asset.kind, plan.asset.name) : undefined
      if (current?.text === plan.text) {
        outcome.unchanged.push(key)
        continue
      }
      const entry = await tx.write(plan.file, plan.text, { exclusive: plan.before === undefined })
      const after = entry.asset ?? plan.asset
      ;(plan.before ? outcome.updated : outcome.created).push(key)
      outcome.changes.push(plan.before ? { before: plan.before, after } : { after })
    }
    return outcome
  })
}
