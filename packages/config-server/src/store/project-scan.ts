import type { Dirent } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import {
  type Asset,
  type AssetRegistry,
  assetKey,
  defaultFileFor,
  type Issue,
  issue,
  isValidName,
  parseAssetYaml,
} from '@sluice/assets'
import { describeError } from '../errors.ts'
import { versionOf } from './version.ts'

/** One YAML file of the project as last read. */
export interface ProjectEntry {
  /** Project-relative path with `/` separators. */
  readonly file: string
  readonly text: string
  readonly version: string
  /** The asset the file holds, defaults applied; absent when the file does not parse. */
  readonly asset: Asset | undefined
  /** What parsing and validating this file alone found. */
  readonly ownIssues: readonly Issue[]
  /** Set when another file already defines the same kind and name; this one is then ignored. */
  readonly duplicateOf?: string
}

/** The project as one consistent picture: every file, and the file of each asset by its key. */
export interface ProjectSnapshot {
  readonly files: ReadonlyMap<string, ProjectEntry>
  readonly byKey: ReadonlyMap<string, ProjectEntry>
}

/** Parses one file's text into an entry; called for every file read and every file the store writes. */
export function entryFor(registry: AssetRegistry, file: string, text: string): ProjectEntry {
  const parsed = parseAssetYaml(registry, text, file)
  const asset = parsed.asset && isValidName(parsed.asset.name) ? parsed.asset : undefined
  return { file, text, version: versionOf(text), asset, ownIssues: parsed.issues }
}

/**
 * Reads every `*.yaml`/`*.yml` file below `root` the way `loadProject` does (name order, hidden
 * entries and `node_modules` skipped) and builds a snapshot. Files whose text is unchanged since
 * `previous` keep their parsed form. Never throws for bad content; rejects only when `root` itself
 * cannot be listed.
 */
export async function scanProject(
  registry: AssetRegistry,
  root: string,
  previous?: ProjectSnapshot,
): Promise<{ snapshot: ProjectSnapshot; issues: Issue[] }> {
  const issues: Issue[] = []
  const paths = await yamlFiles(root, '', issues)
  const entries: ProjectEntry[] = []
  for (const file of paths) {
    let text: string
    try {
      text = await readFile(`${root}/${file}`, 'utf8')
    } catch (error) {
      issues.push({ file, ...issue('yaml.syntax', '', `the file cannot be read: ${describeError(error)}`) })
      continue
    }
    const before = previous?.files.get(file)
    entries.push(before && before.text === text ? withoutDuplicate(before) : entryFor(registry, file, text))
  }
  return { snapshot: snapshotOf(entries), issues }
}

/** Builds a snapshot from entries in project order, marking later definitions of a key as duplicates. */
export function snapshotOf(entries: readonly ProjectEntry[]): ProjectSnapshot {
  const files = new Map<string, ProjectEntry>()
  const byKey = new Map<string, ProjectEntry>()
  for (const entry of [...entries].sort((a, b) => compareFiles(a.file, b.file))) {
    const key = entry.asset ? assetKey(entry.asset) : undefined
    const first = key === undefined ? undefined : byKey.get(key)
    const marked = first ? { ...entry, duplicateOf: first.file } : withoutDuplicate(entry)
    files.set(entry.file, marked)
    if (key !== undefined && !first) byKey.set(key, marked)
  }
  return { files, byKey }
}

/** Every issue of the files of a snapshot: their own, duplicates and file names that do not match. */
export function snapshotIssues(registry: AssetRegistry, snapshot: ProjectSnapshot): Issue[] {
  const issues: Issue[] = []
  for (const entry of snapshot.files.values()) {
    issues.push(...entry.ownIssues)
    const asset = entry.asset
    if (!asset) continue
    if (entry.duplicateOf !== undefined) {
      const message = `${asset.kind} "${asset.name}" is already defined in ${entry.duplicateOf}; names are unique per kind`
      issues.push({ file: entry.file, ...issue('asset.duplicate-name', '/name', message) })
      continue
    }
    const base = entry.file.slice(entry.file.lastIndexOf('/') + 1).replace(/\.ya?ml$/, '')
    if (base !== asset.name) {
      const suggested = defaultFileFor(asset, registry) ?? `${asset.name}.yaml`
      const message = `the file is named "${base}" but holds the asset "${asset.name}"; rename it to ${suggested}`
      issues.push({ file: entry.file, ...issue('asset.file-name-mismatch', '/name', message) })
    }
  }
  return issues
}

/** Orders project files as a depth-first walk of folders sorted by name does. */
export function compareFiles(a: string, b: string): number {
  const left = a.split('/')
  const right = b.split('/')
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const x = left[i] ?? ''
    const y = right[i] ?? ''
    if (x !== y) return x < y ? -1 : 1
  }
  return left.length - right.length
}

function withoutDuplicate(entry: ProjectEntry): ProjectEntry {
  if (entry.duplicateOf === undefined) return entry
  const { duplicateOf: _, ...rest } = entry
  return rest
}

async function yamlFiles(root: string, relative: string, issues: Issue[]): Promise<string[]> {
  const here = relative === '' ? root : `${root}/${relative}`
  let entries: Dirent[]
  try {
    entries = await readdir(here, { withFileTypes: true })
  } catch (error) {
    if (relative === '') throw error
    issues.push({
      file: relative,
      ...issue('yaml.syntax', '', `the folder cannot be read: ${describeError(error)}`),
    })
    return []
  }
  const found: string[] = []
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue
    const path = relative === '' ? entry.name : `${relative}/${entry.name}`
    if (entry.isDirectory()) found.push(...(await yamlFiles(root, path, issues)))
    else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) found.push(path)
  }
  return found
}
