import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** The file in the data directory that keeps the generated admin password of the local demo. */
export const PASSWORD_FILE = 'admin-password'

/** The admin password and where it comes from, for the banner. */
export interface AdminPassword {
  password: string
  source: 'SLUICE_ADMIN_PASSWORD' | 'file'
  /** The file that keeps it, when it is the generated one. */
  file?: string
}

/**
 * The admin password of `pnpm start`: `fromEnv` when given, otherwise the one generated on the
 * first start and kept in `<dataDir>/admin-password` (mode 0600), so every start can sign in and
 * print it. This is for a local demo on one's own machine; a real server gets its first password
 * from SLUICE_ADMIN_PASSWORD once and keeps only the scrypt hash.
 */
export async function adminPassword(dataDir: string, fromEnv: string | undefined): Promise<AdminPassword> {
  if (fromEnv !== undefined) return { password: fromEnv, source: 'SLUICE_ADMIN_PASSWORD' }
  const file = join(dataDir, PASSWORD_FILE)
  const kept = await readFile(file, 'utf8').catch((error: unknown) => {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined
    throw error
  })
  if (kept !== undefined && kept.trim() !== '') return { password: kept.trim(), source: 'file', file }
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  const password = randomBytes(18).toString('base64url')
  await writeFile(file, `${password}\n`, { mode: 0o600 })
  return { password, source: 'file', file }
}
