import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { adminPassword, PASSWORD_FILE } from './admin-password.ts'

describe('the admin password of pnpm start', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-start-pw-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('is generated once, kept readable only by the owner, and the same on the next start', async () => {
    const data = join(dir, 'data')
    const first = await adminPassword(data, undefined)
    expect(first).toEqual({
      password: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/),
      source: 'file',
      file: join(data, PASSWORD_FILE),
    })
    expect((await stat(join(data, PASSWORD_FILE))).mode & 0o777).toBe(0o600)
    expect(await readFile(join(data, PASSWORD_FILE), 'utf8')).toBe(`${first.password}\n`)
    expect(await adminPassword(data, undefined)).toEqual(first)
  })

  it('comes from SLUICE_ADMIN_PASSWORD when set, and is then not written anywhere', async () => {
    expect(await adminPassword(dir, 'from-the-env')).toEqual({
      password: 'from-the-env',
      source: 'SLUICE_ADMIN_PASSWORD',
    })
    await expect(stat(join(dir, PASSWORD_FILE))).rejects.toThrow(/ENOENT/)
  })
})
