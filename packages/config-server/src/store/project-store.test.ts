import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Asset, builtinRegistry } from '@sluice/assets'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ServiceError } from '../errors.ts'
import { DEMO_PROJECT } from '../test-support/harness.ts'
import { at } from '../test-support/read.ts'
import { checkDocument, createAsset, deleteAsset, renameAsset, updateAsset } from './asset-writes.ts'
import { ProjectStore } from './project-store.ts'

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (condition()) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`timed out waiting for ${what}`)
}

function environment(name: string, variables: Record<string, string>): Asset {
  return checkDocument(builtinRegistry, { kind: 'resource.environment', name, spec: { variables } })
}

describe('ProjectStore', () => {
  let dir: string
  let store: ProjectStore
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-store-'))
    await cp(DEMO_PROJECT, dir, { recursive: true })
    store = await ProjectStore.open({ root: dir, registry: builtinRegistry, watch: false })
  })
  afterEach(async () => {
    store.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('loads the demo project with a version per asset and no issues', () => {
    expect(store.assets()).toHaveLength(13)
    expect(store.validate()).toEqual([])
    expect(store.get('workflow', 'orders-fanout')?.version).toMatch(/^[A-Za-z0-9_-]{22}$/)
  })

  it('creates an asset in its conventional file and refuses a second one', async () => {
    const asset = environment('staging', { A: '1' })
    const created = await createAsset(store, asset)
    expect(created.entry.file).toBe('resources/environments/staging.yaml')
    expect(await readFile(join(dir, created.entry.file), 'utf8')).toBe(created.entry.text)
    await expect(createAsset(store, asset)).rejects.toMatchObject({ code: 'asset.exists' })
  })

  it('keeps comments when an asset is updated, and needs the current version', async () => {
    const file = join(dir, 'resources/environments/local.yaml')
    await writeFile(
      file,
      `# top comment\n${await readFile(file, 'utf8')}`.replace('INBOX_BUCKET:', '# inbox\n    INBOX_BUCKET:'),
    )
    await store.reload()
    const current = store.get('resource.environment', 'local')
    if (!current?.asset) throw new Error('demo environment missing')
    const changed = {
      ...current.asset,
      spec: {
        variables: {
          ...Object.fromEntries(Object.entries(at(current.asset.spec, 'variables') ?? {})),
          EXTRA: 'x',
        },
      },
    }
    await expect(updateAsset(store, changed, undefined)).rejects.toMatchObject({ code: 'version.required' })
    await expect(updateAsset(store, changed, '"stale"')).rejects.toMatchObject({ code: 'version.stale' })
    const written = await updateAsset(store, changed, `"${current.version}"`)
    const text = await readFile(file, 'utf8')
    expect(text).toContain('# top comment')
    expect(text).toContain('# inbox')
    expect(text).toContain('EXTRA: x')
    expect(written.entry.version).not.toBe(current.version)
  })

  it('loses no update among 50 concurrent writers holding the same version', async () => {
    const current = store.get('resource.environment', 'local')
    if (!current) throw new Error('demo environment missing')
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        updateAsset(store, environment('local', { WRITER: String(i) }), current.version),
      ),
    )
    const won = results.filter((r) => r.status === 'fulfilled')
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []))
    expect(won).toHaveLength(1)
    expect(lost).toHaveLength(49)
    for (const reason of lost) expect(reason).toMatchObject({ code: 'version.stale' })
    const winner = results.findIndex((r) => r.status === 'fulfilled')
    expect(await readFile(join(dir, current.file), 'utf8')).toContain(`WRITER: "${winner}"`)
  })

  it('refuses to delete an asset in use and names every user', async () => {
    const queue = store.get('source.sqs', 'orders-queue')
    if (!queue) throw new Error('demo source missing')
    const refused = await deleteAsset(store, 'source.sqs', 'orders-queue', queue.version).catch(
      (e: unknown) => e,
    )
    expect(refused).toBeInstanceOf(ServiceError)
    expect(refused).toMatchObject({ code: 'asset.in-use', issues: [{ path: '/spec/nodes/0/asset' }] })
  })

  it('renames an asset, rewrites its references and moves its file', async () => {
    const queue = store.get('source.sqs', 'orders-queue')
    if (!queue) throw new Error('demo source missing')
    const outcome = await renameAsset(store, 'source.sqs', 'orders-queue', 'orders-in', queue.version)
    expect(outcome.entry.file).toBe('sources/orders-in.yaml')
    expect(outcome.referrers.map((r) => r.after.name)).toEqual(['orders-fanout'])
    expect(store.get('source.sqs', 'orders-queue')).toBeUndefined()
    expect(await readFile(join(dir, 'workflows/orders-fanout.yaml'), 'utf8')).toContain('asset: orders-in')
    expect(store.validate()).toEqual([])
  })

  it('refuses a new reference to a missing asset', async () => {
    const asset = checkDocument(builtinRegistry, {
      kind: 'sink.sqs',
      name: 'orphan',
      spec: { connection: 'no-such-connection', queue: 'q' },
    })
    await expect(createAsset(store, asset)).rejects.toMatchObject({
      code: 'asset.invalid',
      issues: [{ path: '/spec/connection', code: 'ref.missing' }],
    })
  })

  it('picks up files edited, added and removed on disk by a watch', async () => {
    store.close()
    const changes: string[] = []
    store = await ProjectStore.open({
      root: dir,
      registry: builtinRegistry,
      onExternalChange: (found) => changes.push(...found.map((c) => `${c.type} ${c.kind}/${c.name}`)),
    })
    await writeFile(
      join(dir, 'resources/environments/extra.yaml'),
      'kind: resource.environment\nname: extra\nspec: {}\n',
    )
    await until(() => store.get('resource.environment', 'extra') !== undefined, 'the added file')
    const before = store.get('resource.environment', 'local')?.version
    const file = join(dir, 'resources/environments/local.yaml')
    await writeFile(file, (await readFile(file, 'utf8')).replace('sluice-demo-inbox', 'edited-inbox'))
    await until(() => store.get('resource.environment', 'local')?.version !== before, 'the edited file')
    await rm(join(dir, 'resources/environments/extra.yaml'))
    await until(() => store.get('resource.environment', 'extra') === undefined, 'the removed file')
    await mkdir(join(dir, 'team/nested'), { recursive: true })
    const nested = join(dir, 'team/nested/nested.yaml')
    await writeFile(nested, 'kind: resource.environment\nname: nested\nspec: {}\n')
    await until(() => store.get('resource.environment', 'nested') !== undefined, 'a file in a new folder')
    await writeFile(nested, 'kind: resource.environment\nname: nested\ndescription: edited\nspec: {}\n')
    await until(
      () => store.get('resource.environment', 'nested')?.asset?.description === 'edited',
      'an edit in the new folder',
    )
    expect(changes).toEqual([
      'created resource.environment/extra',
      'updated resource.environment/local',
      'deleted resource.environment/extra',
      'created resource.environment/nested',
      'updated resource.environment/nested',
    ])
  })

  it('checks the file on disk before writing, so an edit made outside is never overwritten', async () => {
    const current = store.get('resource.environment', 'local')
    if (!current) throw new Error('demo environment missing')
    const file = join(dir, current.file)
    await writeFile(file, (await readFile(file, 'utf8')).replace('sluice-demo-inbox', 'edited-outside'))
    await expect(updateAsset(store, environment('local', { A: 'b' }), current.version)).rejects.toMatchObject(
      {
        code: 'version.stale',
      },
    )
    expect(await readFile(file, 'utf8')).toContain('edited-outside')
  })

  it('reports a file that does not parse and still loads the rest', async () => {
    await writeFile(join(dir, 'broken.yaml'), 'kind: sink.sqs\nname: [unclosed\n')
    await store.reload()
    expect(store.assets()).toHaveLength(13)
    expect(store.validate().map((i) => [i.file, i.code])).toEqual([['broken.yaml', 'yaml.syntax']])
  })
})
