import { readFile, stat } from 'node:fs/promises'
import { userInfo } from 'node:os'
import {
  Bundle,
  buildBundle,
  builtinRegistry,
  checkProject,
  closure,
  formatIssue,
  type Issue,
} from '@sluice/assets'
import Value from 'typebox/value'

/** A bundle to run, or why there is none (each line a problem a person can act on). */
export type LoadedBundle =
  | { bundle: Bundle; problems?: undefined }
  | { bundle?: undefined; problems: string[] }

/**
 * Loads what `sluice run` runs: a `bundle.json` as the config server makes them, or a project
 * directory, from which a bundle is built for `workflow` with `environments` and every secret
 * resource the workflow's assets reference. Project issues in the workflow's assets stop it.
 */
export async function loadBundle(
  path: string,
  workflow: string,
  environments: readonly string[],
  now = new Date(),
): Promise<LoadedBundle> {
  let isDirectory: boolean
  try {
    isDirectory = (await stat(path)).isDirectory()
  } catch (error) {
    return { problems: [`cannot read "${path}": ${error instanceof Error ? error.message : String(error)}`] }
  }
  return isDirectory ? fromProject(path, workflow, environments, now) : fromFile(path, workflow)
}

async function fromFile(path: string, workflow: string): Promise<LoadedBundle> {
  let value: unknown
  try {
    value = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    return {
      problems: [`${path}: not a bundle (JSON): ${error instanceof Error ? error.message : String(error)}`],
    }
  }
  if (!Value.Check(Bundle, value))
    return {
      problems: [...Value.Errors(Bundle, value)]
        .slice(0, 10)
        .map((e) => `${path}: ${e.instancePath || '/'}: ${e.message}`),
    }
  if (!value.workflows.includes(workflow))
    return {
      problems: [
        `${path}: bundle ${value.id} has no workflow "${workflow}"; it has ${value.workflows.join(', ')}`,
      ],
    }
  return { bundle: value }
}

async function fromProject(
  dir: string,
  workflow: string,
  environments: readonly string[],
  now: Date,
): Promise<LoadedBundle> {
  const project = await checkProject(builtinRegistry, dir)
  if (project.error) return { problems: [project.error] }
  const root = project.assets.find((a) => a.kind === 'workflow' && a.name === workflow)
  if (!root) {
    const names = project.assets.filter((a) => a.kind === 'workflow').map((a) => a.name)
    return { problems: [`no workflow "${workflow}" in ${dir}; workflows: ${names.join(', ') || 'none'}`] }
  }
  const used = closure(builtinRegistry, project.assets, root)
  const files = new Set(used.map((a) => a.file))
  const environmentFiles = new Set(
    project.assets
      .filter((a) => a.kind === 'resource.environment' && environments.includes(a.name))
      .map((a) => a.file),
  )
  const blocking = project.issues.filter((i) => files.has(i.file) || environmentFiles.has(i.file))
  if (blocking.length > 0) return { problems: blocking.map(formatIssue) }
  const { bundle, issues } = buildBundle(
    builtinRegistry,
    project.assets,
    {
      deployment: 'sluice-run',
      cluster: 'local',
      workflows: [workflow],
      environments,
      secrets: used.filter((a) => a.kind === 'resource.secret').map((a) => a.name),
      tag: 'run-${build:timestamp}',
    },
    { version: 1, createdBy: safeUser(), now },
  )
  if (!bundle) return { problems: issues.map((i: Issue) => `${i.code}: ${i.message}`) }
  return { bundle }
}

function safeUser(): string {
  try {
    return userInfo().username
  } catch {
    return 'sluice-run'
  }
}
