import {
  type AssetDocument,
  type AssetView,
  builtinRegistry,
  fromPointer,
  type IssueView,
  validateAsset,
} from '@sluice/assets'
import { getAt } from '../forms/form-values.ts'
import type { Metadata } from './MetadataFields.tsx'

/** The document a form writes: metadata and spec, without the server's bookkeeping. */
export function documentOf(kind: string, meta: Metadata, spec: unknown): AssetDocument {
  const description = meta.description.trim()
  return {
    kind,
    name: meta.name,
    requiredRoles: meta.requiredRoles,
    spec,
    ...(description === '' ? {} : { description }),
  }
}

export function metadataOf(view: AssetView): Metadata {
  return { name: view.name, description: view.description ?? '', requiredRoles: view.requiredRoles }
}

/** Issues of a document checked in the browser as it is typed; secrets are checked by the server only. */
export function localIssues(document: AssetDocument): IssueView[] {
  if (document.kind === 'resource.secret') return []
  return validateAsset(builtinRegistry, { ...document, name: document.name || 'unnamed' }).issues
}

/**
 * The issues worth showing before a new asset's first save: those of fields the user has filled
 * in. A required field left empty is reported once they try to save.
 */
export function typedIssues(document: AssetDocument, issues: readonly IssueView[]): IssueView[] {
  return issues.filter((i) => {
    const value = getAt(
      document,
      fromPointer(i.path).map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
    )
    return value !== undefined && value !== ''
  })
}

/** Issues from several sources, each once. */
export function mergeIssues(...lists: readonly (readonly IssueView[])[]): IssueView[] {
  const seen = new Set<string>()
  const merged: IssueView[] = []
  for (const list of lists)
    for (const i of list) {
      const key = `${i.path}|${i.message}`
      if (seen.has(key)) continue
      seen.add(key)
      merged.push(i)
    }
  return merged
}

/** True when two documents would save the same. */
export function sameDocument(a: AssetDocument, b: AssetDocument): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}
