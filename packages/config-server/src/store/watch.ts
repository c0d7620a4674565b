import { type FSWatcher, watch } from 'node:fs'

/** Stops a watch. */
export interface Watching {
  close(): void
}

/**
 * Calls `onChange` with the project-relative paths that changed below `root`, debounced by
 * `delayMs`. Hidden entries (temporary files of atomic writes, `.git`) are ignored; a change whose
 * path the platform does not report arrives as `undefined`. When the platform cannot watch a folder
 * tree, `onChange(undefined)` runs every `fallbackIntervalMs` instead, so edits are still found.
 */
export function watchTree(
  root: string,
  onChange: (paths: readonly (string | undefined)[]) => void,
  options: { delayMs: number; fallbackIntervalMs: number; onError(error: unknown): void },
): Watching {
  let pending: (string | undefined)[] = []
  let timer: NodeJS.Timeout | undefined
  let poll: NodeJS.Timeout | undefined
  let watcher: FSWatcher | undefined
  const flush = () => {
    timer = undefined
    const paths = pending
    pending = []
    onChange(paths)
  }
  const note = (path: string | undefined) => {
    if (path?.split(/[\\/]/).some((segment) => segment.startsWith('.'))) return
    pending.push(path?.replaceAll('\\', '/'))
    timer ??= setTimeout(flush, options.delayMs)
  }
  const fallBack = (error: unknown) => {
    options.onError(error)
    watcher?.close()
    watcher = undefined
    poll ??= setInterval(() => note(undefined), options.fallbackIntervalMs)
    poll.unref()
  }
  try {
    watcher = watch(root, { recursive: true, persistent: false }, (_event, name) =>
      note(name === null ? undefined : String(name)),
    )
    watcher.on('error', fallBack)
  } catch (error) {
    fallBack(error)
  }
  return {
    close() {
      watcher?.close()
      if (timer) clearTimeout(timer)
      if (poll) clearInterval(poll)
    },
  }
}
