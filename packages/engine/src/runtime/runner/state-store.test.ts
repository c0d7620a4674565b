import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fileStateStore } from './state-store.ts'

describe('fileStateStore', () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  it('keeps values across stores on the same directory, one private file per key, no temporary left', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-state-'))
    dirs.push(dir)
    const path = join(dir, 'deep', 'workflow')
    const store = fileStateStore(path)
    expect(await store.get('files/checkpoint')).toBeUndefined()
    await store.set('files/checkpoint', 'a')
    await store.set('files/checkpoint', 'b')
    expect(await fileStateStore(path).get('files/checkpoint')).toBe('b')
    const names = await readdir(path)
    expect(names).toEqual(['files%2Fcheckpoint.state'])
    expect((await stat(join(path, names[0] ?? ''))).mode & 0o777).toBe(0o600)
    await store.delete('files/checkpoint')
    await store.delete('files/checkpoint')
    expect(await store.get('files/checkpoint')).toBeUndefined()
  })
})
