import { spawn } from 'node:child_process'
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { ROOT } from './settings.ts'

/** Where the editor's sources and build are, and what else its bundle is built from. */
export interface EditorLayout {
  /** The build's entry: its time is compared with every input's. */
  builtIndex: string
  /** Files and folders (walked recursively) the build is made from. */
  inputs: readonly string[]
}

/** The editor of this repository: its own sources and `@sluice/assets`, which it bundles. */
export const EDITOR: EditorLayout = {
  builtIndex: join(ROOT, 'packages', 'editor', 'dist', 'index.html'),
  inputs: [
    join(ROOT, 'packages', 'editor', 'index.html'),
    join(ROOT, 'packages', 'editor', 'vite.config.ts'),
    join(ROOT, 'packages', 'editor', 'package.json'),
    join(ROOT, 'packages', 'editor', 'src'),
    join(ROOT, 'packages', 'assets', 'src'),
  ],
}

const MAX_FILES = 20_000

/** The newest modification time among `paths` (folders walked, tests skipped), with its file. */
async function newestInput(paths: readonly string[]): Promise<{ mtimeMs: number; file: string }> {
  let newest = { mtimeMs: 0, file: '' }
  let seen = 0
  const visit = async (path: string): Promise<void> => {
    const info = await stat(path).catch(() => undefined)
    if (!info) return
    if (info.isDirectory()) {
      for (const entry of await readdir(path)) {
        if (entry === 'node_modules' || entry.startsWith('.')) continue
        await visit(join(path, entry))
      }
      return
    }
    if (/\.test\.tsx?$/.test(path) || ++seen > MAX_FILES) return
    if (info.mtimeMs > newest.mtimeMs) newest = { mtimeMs: info.mtimeMs, file: path }
  }
  for (const path of paths) await visit(path)
  return newest
}

/** Whether the editor needs a build: no build yet, or a source newer than the build. */
export async function editorBuildState(
  layout: EditorLayout = EDITOR,
): Promise<{ state: 'missing' } | { state: 'stale'; newer: string } | { state: 'fresh' }> {
  const built = await stat(layout.builtIndex).catch(() => undefined)
  if (!built) return { state: 'missing' }
  const newest = await newestInput(layout.inputs)
  return newest.mtimeMs > built.mtimeMs ? { state: 'stale', newer: newest.file } : { state: 'fresh' }
}

/**
 * Runs what `pnpm build:editor` runs (the editor package's `vite build`, with the editor's own
 * Vite), with its output kept and shown only if it fails; resolves once the build is written.
 */
export function buildEditor(): Promise<void> {
  const editor = join(ROOT, 'packages', 'editor')
  return new Promise((resolve, reject) => {
    const child = spawn(join(editor, 'node_modules', '.bin', 'vite'), ['build'], {
      cwd: editor,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const keep = (chunk: Buffer) => {
      output = `${output}${chunk.toString()}`.slice(-20_000)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.once('error', reject)
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`pnpm build:editor failed (exit ${code}):\n${output.trimEnd()}`)),
    )
  })
}
