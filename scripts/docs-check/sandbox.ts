import { cp, mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join, relative } from 'node:path'

/** The repository the docs describe. */
export const REPO = join(import.meta.dirname, '..', '..')

/** Folders a fresh clone does not have (installs, builds, run state, reports). */
const LEFT_OUT = new Set([
  'node_modules',
  '.git',
  'dist',
  '.sluice-data',
  '.sluice-node',
  '.sluice',
  'screenshots',
  '.vitest-report.json',
])

/** The Markdown files whose ```sh blocks are checked, in the order they run: README first. */
export async function docFiles(repo = REPO): Promise<string[]> {
  const docs = (await readdir(join(repo, 'docs')))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => join('docs', f))
  const deploy: string[] = []
  const walk = async (dir: string): Promise<void> => {
    for (const entry of (await readdir(join(repo, dir), { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (entry.isDirectory()) await walk(join(dir, entry.name))
      else if (entry.name === 'README.md') deploy.push(join(dir, entry.name))
    }
  }
  await walk('deploy')
  return ['README.md', ...docs, ...deploy]
}

/**
 * A copy of the repository as a fresh clone has it (no installs, builds or run state), in a new
 * temporary folder, for the documented commands to run in without touching the checkout.
 */
export async function freshCopy(repo = REPO): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-docs-check-'))
  await cp(repo, dir, {
    recursive: true,
    filter: (source) => relative(repo, source) === '' || !LEFT_OUT.has(basename(source)),
  })
  return dir
}

/**
 * The environment of the documented commands: this one without what a parent pnpm, npm or Vitest
 * put there (their settings, NODE_ENV, and their `node_modules/.bin` on PATH), plus `extra`.
 */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|PNPM_|VITEST|INIT_CWD$|NODE_OPTIONS$|NODE_ENV$|TEST$)/i.test(name)) continue
    env[name] = value
  }
  env.PATH = (process.env.PATH ?? '')
    .split(':')
    .filter((p) => !p.includes('node_modules'))
    .join(':')
  return { ...env, ...extra }
}
