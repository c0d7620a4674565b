import type { Asset } from '../asset.ts'
import type { Issue } from '../issues.ts'
import type { AssetRegistry } from '../spec/registry.ts'
import { loadProject, type ProjectFs } from '../yaml/load-project.ts'
import { validateProject } from './validate-project.ts'

/** A project read from disk and checked as a whole. */
export interface CheckedProject {
  assets: Asset[]
  /** Every issue: per file, per asset and across assets. */
  issues: Issue[]
  /** Set when the directory itself cannot be read; then nothing else was checked. */
  error?: string
}

/**
 * Loads every asset file of `dir` and validates each one and the project as a whole. The CLI, the
 * config server and `pnpm start` call it; it never throws for bad project content.
 */
export async function checkProject(
  registry: AssetRegistry,
  dir: string,
  fs?: ProjectFs,
): Promise<CheckedProject> {
  let loaded: Awaited<ReturnType<typeof loadProject>>
  try {
    loaded = await loadProject(registry, dir, fs)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return { assets: [], issues: [], error: `cannot read the project directory "${dir}": ${reason}` }
  }
  return { assets: loaded.assets, issues: [...loaded.issues, ...validateProject(registry, loaded.assets)] }
}
