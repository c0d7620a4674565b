import { type FSWatcher, watch } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'

/** Stops a watch. */
export interface Watching {
  close(): void
}

const YAML = /\.ya?ml$/

async function folders(root: string, relative = ''): Promise<string[]> {
  const entries = await readdir(relative === '' ? root : join(root, relative), { withFileTypes: true }).catch(
    () => [],
  )
  const found = [relative]
  for (const entry of entries)
    if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
      found.push(...(await folders(root, relative === '' ? entry.name : `${relative}/${entry.name}`)))
  return found
}

/**
 * Calls `onChange` with the project-relative paths that changed below `root`, debounced by
 * `delayMs`, once every folder is watched. Each folder has its own (non-recursive) watch, set up again when folders come and go,
 * so a write costs one event and no folder listing. Hidden entries (temporary files of atomic
 * writes, `.git`) are ignored; a change whose path the platform does not report arrives as
 * `undefined`. When the platform cannot watch, `onChange(undefined)` runs every
 * `fallbackIntervalMs` instead, so edits are still found.
 */
export async function watchTree(
  root: string,
  onChange: (paths: readonly (string | undefined)[]) => void,
  options: { delayMs: number; fallbackIntervalMs: number; onError(error: unknown): void },
): Promise<Watching> {
  const watchers = new Map<string, FSWatcher>()
  let pending: (string | undefined)[] = []
  let timer: NodeJS.Timeout | undefined
  let poll: NodeJS.Timeout | undefined
  let closed = false
  let resync = false

  const fallBack = (error: unknown) => {
    if (poll || closed) return
    options.onError(error)
    for (const watcher of watchers.values()) watcher.close()
    watchers.clear()
    poll = setInterval(() => note(undefined, true), options.fallbackIntervalMs)
    poll.unref()
  }
  const sync = async () => {
    const wanted = new Set(await folders(root))
    if (closed || poll) return
    for (const [folder, watcher] of watchers)
      if (!wanted.has(folder)) {
        watcher.close()
        watchers.delete(folder)
      }
    for (const folder of wanted) {
      if (watchers.has(folder)) continue
      try {
        const watcher = watch(join(root, folder), { persistent: false }, (_event, name) =>
          note(name === null ? undefined : folder === '' ? String(name) : `${folder}/${String(name)}`, false),
        )
        watcher.on('error', (error) => (folder === '' ? fallBack(error) : note(undefined, true)))
        watchers.set(folder, watcher)
      } catch (error) {
        if (folder === '') fallBack(error)
      }
    }
  }
  const flush = () => {
    timer = undefined
    const paths = pending
    pending = []
    if (resync && !poll) void sync()
    resync = false
    onChange(paths)
  }
  function note(path: string | undefined, structural: boolean): void {
    if (path?.split('/').some((segment) => segment.startsWith('.'))) return
    pending.push(path)
    if (structural || path === undefined || !YAML.test(path)) resync = true
    timer ??= setTimeout(flush, options.delayMs)
  }
  await sync().catch(fallBack)
  return {
    close() {
      closed = true
      for (const watcher of watchers.values()) watcher.close()
      watchers.clear()
      if (timer) clearTimeout(timer)
      if (poll) clearInterval(poll)
    },
  }
}
