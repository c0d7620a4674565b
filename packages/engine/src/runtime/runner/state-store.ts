import { mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { StateStore } from '../contracts.ts'

/**
 * Durable state of one workflow in a directory, one file per key. Writes go to a temporary file
 * that is synced and renamed over the old one, so a crash leaves the old value or the new one.
 */
export function fileStateStore(dir: string): StateStore {
  const pathOf = (key: string) => join(dir, `${encodeURIComponent(key)}.state`)
  return {
    async get(key) {
      try {
        return await readFile(pathOf(key), 'utf8')
      } catch (error) {
        if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined
        throw error
      }
    },
    async set(key, value) {
      await mkdir(dir, { recursive: true })
      const target = pathOf(key)
      const temporary = `${target}.${process.pid}.${Date.now()}.tmp`
      const file = await open(temporary, 'w', 0o600)
      try {
        await file.writeFile(value, 'utf8')
        await file.sync()
      } finally {
        await file.close()
      }
      await rename(temporary, target)
    },
    async delete(key) {
      await rm(pathOf(key), { force: true })
    },
  }
}

/** State kept in memory: for tests and for runs that need no checkpoint across restarts. */
export function memoryStateStore(): StateStore & { readonly values: ReadonlyMap<string, string> } {
  const values = new Map<string, string>()
  return {
    values,
    get: async (key) => values.get(key),
    set: async (key, value) => {
      values.set(key, value)
    },
    delete: async (key) => {
      values.delete(key)
    },
  }
}
