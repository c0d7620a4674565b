import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fileNodeStore, newNodeId } from './node-store.ts'
import { assignment, testBundle } from './test-support.ts'

describe('the node data directory', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-node-store-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('keeps one node id across restarts, unless another is asked for', async () => {
    const first = await fileNodeStore(dir).nodeId()
    expect(first).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]*-[0-9a-f]{6}$/)
    expect(await fileNodeStore(dir).nodeId()).toBe(first)
    expect(await fileNodeStore(dir).nodeId('node-a')).toBe('node-a')
    expect(await fileNodeStore(dir).nodeId()).toBe('node-a')
    await expect(fileNodeStore(dir).nodeId('no/slash')).rejects.toThrow(/not a node id/)
    expect(newNodeId('.ip-10-0-0-1.ec2.internal')).toMatch(/^ip-10-0-0-1-ec2-internal-[0-9a-f]{6}$/)
  })

  it('caches the desired state without its tests, and the bundles it names', async () => {
    const store = fileNodeStore(dir)
    expect(await store.loadDesired()).toBeUndefined()
    await store.saveBundle(testBundle('d', 1, ['a']))
    await store.saveBundle(testBundle('d', 2, ['a']))
    await store.saveDesired({
      generation: 4,
      assignments: [assignment('d', 1, 'a')],
      tests: [{ id: 't', target: { kind: 'connection.aws', name: 'c' }, assets: [], variables: {} }],
    })
    const restarted = fileNodeStore(dir)
    expect(await restarted.loadDesired()).toEqual({
      generation: 4,
      assignments: [assignment('d', 1, 'a')],
      tests: [],
    })
    expect((await restarted.loadBundle('d@1'))?.version).toBe(1)
    expect(await restarted.loadBundle('d@9')).toBeUndefined()

    await restarted.saveDesired({ generation: 5, assignments: [assignment('d', 2, 'a')], tests: [] })
    expect(await restarted.loadBundle('d@1')).toBeUndefined()
    expect((await restarted.loadBundle('d@2'))?.version).toBe(2)
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('does not rewrite a desired state whose only change is a lease time', async () => {
    const store = fileNodeStore(dir)
    const singleton = (at: string) => assignment('d', 1, 'a', { singleton: true, leaseExpiresAt: at })
    await store.saveDesired({ generation: 1, assignments: [singleton('2030-01-01T00:00:00Z')], tests: [] })
    await store.saveDesired({ generation: 1, assignments: [singleton('2030-01-01T00:00:09Z')], tests: [] })
    expect((await store.loadDesired())?.assignments[0]?.leaseExpiresAt).toBe('2030-01-01T00:00:00Z')
  })

  it('treats an unreadable cache as none', async () => {
    await writeFile(join(dir, 'desired.state'), '{ not json')
    await writeFile(join(dir, 'node-id.state'), 'has spaces in it')
    const store = fileNodeStore(dir)
    expect(await store.loadDesired()).toBeUndefined()
    expect(await store.nodeId()).not.toBe('has spaces in it')
  })
})
