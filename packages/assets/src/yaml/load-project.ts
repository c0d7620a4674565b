import { type Asset, assetKey } from '../asset.ts'
import { type Issue, issue } from '../issues.ts'
import { isValidName } from '../spec/names.ts'
import type { AssetRegistry } from '../spec/registry.ts'
import { defaultFileFor } from './default-file.ts'
import { parseAssetYaml } from './parse-asset.ts'

/** One entry of a directory listing, as `readdir(dir, { withFileTypes: true })` gives it. */
export interface ProjectDirEntry {
  name: string
  isDirectory(): boolean
  isFile(): boolean
}

/** The file system calls {@link loadProject} makes; paths are the project directory joined with `/`. */
export interface ProjectFs {
  readdir(dir: string): Promise<readonly ProjectDirEntry[]>
  readFile(file: string): Promise<string>
}

/** Every asset of a project that could be read, and every problem found on the way. */
export interface LoadedProject {
  assets: Asset[]
  issues: Issue[]
}

/**
 * Reads a project directory: every `*.yaml` and `*.yml` file below `dir`, in name order, skipping
 * hidden entries (a leading `.`) and `node_modules`. Called by the config server and the CLI at
 * start-up and on reload. Each asset records its project-relative `file` (`/` separators). A file
 * that does not parse or validate is reported with its file and path and the rest still loads; an
 * asset whose spec has issues is still returned, so references to it resolve. A second asset with
 * the same kind and name gives `asset.duplicate-name` (naming the first file) and is left out; a
 * file named other than its asset gives `asset.file-name-mismatch`. An unreadable file or folder
 * inside the project is reported as `yaml.syntax`. Cross-asset checks are `validateProject`'s. The
 * promise rejects only when `dir` itself cannot be listed. `fs` defaults to `node:fs/promises`,
 * loaded on first use so that importing this module stays browser-safe.
 */
export async function loadProject(
  registry: AssetRegistry,
  dir: string,
  fs?: ProjectFs,
): Promise<LoadedProject> {
  const files = fs ?? (await nodeFs())
  const root = dir.replace(/[\\/]+$/, '') || dir
  const issues: Issue[] = []
  const paths = await yamlFiles(files, root, '', issues)
  const assets: Asset[] = []
  const byKey = new Map<string, Asset>()
  for (const file of paths) {
    let text: string
    try {
      text = await files.readFile(`${root}/${file}`)
    } catch (error) {
      issues.push({ file, ...issue('yaml.syntax', '', `the file cannot be read: ${describe(error)}`) })
      continue
    }
    const parsed = parseAssetYaml(registry, text, file)
    issues.push(...parsed.issues)
    const asset = parsed.asset
    if (!asset || !isValidName(asset.name)) continue
    const first = byKey.get(assetKey(asset))
    if (first) {
      const message = `${asset.kind} "${asset.name}" is already defined in ${first.file ?? 'another file'}; names are unique per kind`
      issues.push({ file, ...issue('asset.duplicate-name', '/name', message) })
      continue
    }
    byKey.set(assetKey(asset), asset)
    const mismatch = fileNameIssue(registry, asset, file)
    if (mismatch) issues.push(mismatch)
    assets.push(asset)
  }
  return { assets, issues }
}

async function yamlFiles(fs: ProjectFs, root: string, relative: string, issues: Issue[]): Promise<string[]> {
  const here = relative === '' ? root : `${root}/${relative}`
  let entries: readonly ProjectDirEntry[]
  try {
    entries = await fs.readdir(here)
  } catch (error) {
    if (relative === '') throw error
    issues.push({
      file: relative,
      ...issue('yaml.syntax', '', `the folder cannot be read: ${describe(error)}`),
    })
    return []
  }
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const found: string[] = []
  for (const entry of sorted) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue
    const path = relative === '' ? entry.name : `${relative}/${entry.name}`
    if (entry.isDirectory()) found.push(...(await yamlFiles(fs, root, path, issues)))
    else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) found.push(path)
  }
  return found
}

function fileNameIssue(registry: AssetRegistry, asset: Asset, file: string): Issue | undefined {
  const base = file.slice(file.lastIndexOf('/') + 1).replace(/\.ya?ml$/, '')
  if (base === asset.name) return undefined
  const suggested = defaultFileFor(asset, registry)
  const message = `the file is named "${base}" but holds the asset "${asset.name}"; rename it to ${suggested ?? `${asset.name}.yaml`}`
  return { file, ...issue('asset.file-name-mismatch', '/name', message) }
}

async function nodeFs(): Promise<ProjectFs> {
  const { readdir, readFile } = await import('node:fs/promises')
  return {
    readdir: (dir) => readdir(dir, { withFileTypes: true }),
    readFile: (file) => readFile(file, 'utf8'),
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
