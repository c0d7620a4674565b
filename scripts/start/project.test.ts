import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { demoCopy, ENVIRONMENT_FILE, readDemo } from './project.ts'
import { DEMO_DIR } from './settings.ts'

describe('the demo project of pnpm start', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-start-project-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('is valid, and its local environment names the resources and the fixed stack ports', async () => {
    const demo = await readDemo(DEMO_DIR)
    if ('error' in demo) throw new Error(demo.error)
    expect(demo.names).toEqual({
      buckets: { inbox: 'sluice-demo-inbox', archive: 'sluice-demo-archive' },
      queues: { orders: 'sluice-demo-orders', audit: 'sluice-demo-audit' },
      topic: 'sluice-demo-order-events',
      stream: 'sluice-demo-orders',
      bus: 'sluice-demo',
      ports: { fauxqs: 4566, kinesis: 4567, standIn: 4568 },
    })
  })

  it('reports every issue of a broken project, with the command that shows them', async () => {
    await cp(DEMO_DIR, join(dir, 'demo'), { recursive: true })
    await writeFile(
      join(dir, 'demo', 'workflows', 'orders-fanout.yaml'),
      'kind: workflow\nname: orders-fanout\nspec: {}\n',
    )
    const demo = await readDemo(join(dir, 'demo'))
    expect(demo).toEqual({ error: expect.stringContaining('orders-fanout.yaml') })
    expect(demo).toEqual({ error: expect.stringContaining(`pnpm sluice validate ${join(dir, 'demo')}`) })
  })

  it("copies the demo once, points it at this run's endpoints each run, and leaves the original alone", async () => {
    const original = await readFile(join(DEMO_DIR, ENVIRONMENT_FILE), 'utf8')
    const target = join(dir, 'project')
    await demoCopy(DEMO_DIR, target, {
      fauxqs: 'http://127.0.0.1:1111',
      kinesis: 'http://127.0.0.1:2222',
      standIn: 'http://127.0.0.1:3333',
    })
    await writeFile(join(target, 'notes.txt'), 'kept')
    await demoCopy(DEMO_DIR, target, {
      fauxqs: 'http://127.0.0.1:4444',
      kinesis: 'http://127.0.0.1:5555',
      standIn: 'http://127.0.0.1:6666',
    })
    const copied = await readFile(join(target, ENVIRONMENT_FILE), 'utf8')
    expect(copied).toContain('FAUXQS_ENDPOINT: http://127.0.0.1:4444\n')
    expect(copied).toContain('KINESIS_ENDPOINT: http://127.0.0.1:5555\n')
    expect(copied).toContain('STANDIN_ENDPOINT: http://127.0.0.1:6666\n')
    expect(copied.replace(/127\.0\.0\.1:\d+/g, '')).toBe(original.replace(/127\.0\.0\.1:\d+/g, ''))
    expect(await readFile(join(target, 'notes.txt'), 'utf8')).toBe('kept')
    expect(await readFile(join(DEMO_DIR, ENVIRONMENT_FILE), 'utf8')).toBe(original)
    const demo = await readDemo(target)
    expect(demo).toMatchObject({ names: { ports: { fauxqs: 4444, kinesis: 5555, standIn: 6666 } } })
  })
})
