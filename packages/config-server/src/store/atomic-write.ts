import { randomBytes } from 'node:crypto'
import { link, mkdir, open, readdir, rename, rm, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

const TEMP_SUFFIX = '.sluice-tmp'

/** True for the temporary files {@link writeFileAtomic} makes; they are hidden (a leading `.`). */
export function isTempFile(name: string): boolean {
  return name.startsWith('.') && name.endsWith(TEMP_SUFFIX)
}

/**
 * Replaces `path` with `text` so that a crash at any moment leaves either the old file or the new
 * one, never a mix: the text goes to a hidden temporary file in the same folder, which is flushed
 * to disk, renamed over the target, and the folder is flushed so the rename survives a power cut.
 * With `exclusive`, the write fails with `EEXIST` instead of replacing a file that exists.
 */
export async function writeFileAtomic(
  path: string,
  text: string,
  options: { exclusive?: boolean; mode?: number } = {},
): Promise<void> {
  const dir = dirname(path)
  await mkdir(dir, { recursive: true })
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`)
  const handle = await open(temp, 'wx', options.mode ?? 0o644)
  try {
    await handle.writeFile(text, 'utf8')
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    if (options.exclusive) {
      await link(temp, path)
      await unlink(temp)
    } else {
      await rename(temp, path)
    }
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
  await syncDir(dir)
}

/** Removes `path` and flushes its folder; a file that is already gone is not an error. */
export async function removeFileDurably(path: string): Promise<void> {
  await rm(path, { force: true })
  await syncDir(dirname(path))
}

/** Deletes the temporary files a crashed write left below `root` (hidden, so loaders skip them). */
export async function removeStaleTempFiles(root: string): Promise<number> {
  let removed = 0
  const visit = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
    for (const entry of entries) {
      const path = join(dir, entry.name)
      if (entry.isFile() && isTempFile(entry.name)) {
        await rm(path, { force: true })
        removed += 1
      } else if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
        await visit(path)
      }
    }
  }
  await visit(root)
  return removed
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } catch {
    // Some file systems refuse fsync on a directory; the rename itself is still atomic there.
  } finally {
    await handle.close()
  }
}
