import type { Bundle, DesiredState } from '@sluice/assets'
import { describe, expect, it } from 'vitest'
import { mayRun, Reconciler } from './reconciler.ts'
import { assignment, FakeRun, recordingLogger, testBundle, until } from './test-support.ts'

function setup(options: { holdStop?: boolean; missing?: Set<string>; now?: () => number } = {}) {
  const runs: FakeRun[] = []
  const ambient: boolean[] = []
  const fetched: string[] = []
  const bundles = new Map<string, Bundle>([
    ['d@1', testBundle('d', 1, ['a', 'b', 'config'])],
    ['d@2', testBundle('d', 2, ['a', 'b', 'config'])],
  ])
  const log = recordingLogger()
  const reconciler = new Reconciler({
    start: (bundle, workflow, allowAmbient) => {
      ambient.push(allowAmbient)
      const run = new FakeRun(bundle, workflow, {
        state: workflow === 'config' ? 'failed-config' : 'running',
        ...(options.holdStop === undefined ? {} : { holdStop: options.holdStop }),
      })
      runs.push(run)
      return run
    },
    bundle: async (id) => {
      fetched.push(id)
      const bundle = bundles.get(id)
      if (!bundle || options.missing?.has(id)) throw new Error('connection refused')
      return bundle
    },
    drainMs: 7_000,
    log,
    ...(options.now ? { now: options.now } : {}),
  })
  const live = () => runs.filter((r) => r.state !== 'stopped')
  return { reconciler, runs, ambient, fetched, log, live }
}

const desired = (generation: number, ...assignments: DesiredState['assignments']): DesiredState => ({
  generation,
  assignments,
  tests: [],
})

describe('the reconciler', () => {
  it('starts what is assigned, stops what no longer is, and reports every run', async () => {
    const { reconciler, runs } = setup()
    await reconciler.reconcile(desired(1, assignment('d', 1, 'a'), assignment('d', 1, 'b')), true)
    expect(runs.map((r) => r.workflow)).toEqual(['a', 'b'])
    expect(reconciler.statuses().map((s) => [s.workflow, s.state])).toEqual([
      ['a', 'running'],
      ['b', 'running'],
    ])
    expect(reconciler.generation).toBe(1)

    await reconciler.reconcile(desired(2, assignment('d', 1, 'a')), true)
    await until(() => reconciler.statuses().length === 1)
    expect(runs[1]?.stopDeadlines).toEqual([7_000])
    expect(runs[1]?.state).toBe('stopped')
    await until(() => reconciler.generation === 2)
    expect(runs).toHaveLength(2)
  })

  it('reports a generation only once the runs it left out have stopped', async () => {
    const { reconciler, runs } = setup({ holdStop: true })
    await reconciler.reconcile(desired(1, assignment('d', 1, 'a')), true)
    await reconciler.reconcile(desired(2), true)
    expect(runs[0]?.state).toBe('draining')
    expect(reconciler.statuses().map((s) => s.state)).toEqual(['draining'])
    expect(reconciler.generation).toBe(1)
    runs[0]?.releaseStop()
    await until(() => reconciler.generation === 2)
    expect(reconciler.statuses()).toEqual([])
  })

  it('restarts on a new bundle version only after the old run has drained', async () => {
    const { reconciler, runs, live } = setup({ holdStop: true })
    await reconciler.reconcile(desired(1, assignment('d', 1, 'a')), true)
    await reconciler.reconcile(desired(2, assignment('d', 2, 'a')), true)
    expect(runs).toHaveLength(1)
    expect(live().map((r) => r.bundle.id)).toEqual(['d@1'])
    runs[0]?.releaseStop()
    await until(() => runs.length === 2)
    expect(live().map((r) => [r.bundle.id, r.state])).toEqual([['d@2', 'running']])
    expect(reconciler.generation).toBe(2)
  })

  it('reports a failed-config run and does not start it again until its bundle changes', async () => {
    const { reconciler, runs } = setup()
    for (let generation = 1; generation <= 3; generation++)
      await reconciler.reconcile(desired(generation, assignment('d', 1, 'config')), true)
    expect(runs).toHaveLength(1)
    expect(reconciler.statuses().map((s) => s.state)).toEqual(['failed-config'])
    await reconciler.reconcile(desired(4, assignment('d', 2, 'config')), true)
    await until(() => runs.length === 2)
    expect(runs[1]?.bundle.id).toBe('d@2')
  })

  it('reports an assignment whose bundle cannot be had as failed-dependency, and retries on the next pass', async () => {
    const missing = new Set(['d@1'])
    const { reconciler, runs, fetched, log } = setup({ missing })
    await reconciler.reconcile(desired(1, assignment('d', 1, 'a')), true)
    const [status] = reconciler.statuses()
    expect(status).toMatchObject({ workflow: 'a', state: 'failed-dependency' })
    expect(status?.reason).toContain('bundle d@1 is not available: connection refused')
    await reconciler.reconcile(desired(1, assignment('d', 1, 'a')), true)
    expect(reconciler.statuses()[0]?.since).toBe(status?.since)
    expect(log.count(/not available/)).toBe(1)
    missing.clear()
    await reconciler.reconcile(desired(1, assignment('d', 1, 'a')), true)
    expect(fetched).toEqual(['d@1', 'd@1', 'd@1'])
    expect(runs.map((r) => r.state)).toEqual(['running'])
  })

  it('runs a singleton only under a valid lease while connected, and on the last lease while not', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z')
    const { reconciler, live } = setup({ now: () => now })
    const lease = (ms: number) => new Date(now + ms).toISOString()
    const expired = assignment('d', 1, 'a', { singleton: true, leaseExpiresAt: lease(-1) })
    await reconciler.reconcile(desired(1, expired), true)
    expect(live()).toEqual([])
    await reconciler.reconcile(desired(1, expired), false)
    expect(live().map((r) => r.workflow)).toEqual(['a'])
    now += 60_000
    await reconciler.reconcile(
      desired(2, assignment('d', 1, 'a', { singleton: true, leaseExpiresAt: lease(10) })),
      true,
    )
    expect(live().map((r) => r.workflow)).toEqual(['a'])
    expect(mayRun(assignment('d', 1, 'a', { singleton: true, leaseExpiresAt: lease(-5) }), true, now)).toBe(
      false,
    )
    expect(mayRun(assignment('d', 1, 'a'), true, now)).toBe(true)
  })

  it('folds desired states that arrive during a slow pass into one more pass with the latest', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const fetched: string[] = []
    const runs: FakeRun[] = []
    const reconciler = new Reconciler({
      start: (bundle, workflow) => {
        const run = new FakeRun(bundle, workflow)
        runs.push(run)
        return run
      },
      bundle: async (id) => {
        fetched.push(id)
        await gate
        return testBundle('d', Number(id.split('@')[1]), ['a'])
      },
      drainMs: 1_000,
      log: recordingLogger(),
    })
    const first = reconciler.reconcile(desired(1, assignment('d', 1, 'a')), true)
    await until(() => fetched.length === 1)
    for (let generation = 2; generation <= 5; generation++)
      void reconciler.reconcile(desired(generation, assignment('d', 2, 'a')), true)
    release()
    await first
    await until(() => runs.some((r) => r.bundle.id === 'd@2' && r.state === 'running'))
    await until(() => reconciler.generation === 5)
    expect(fetched).toEqual(['d@1', 'd@2'])
    expect(runs.map((r) => [r.bundle.id, r.state])).toEqual([
      ['d@1', 'stopped'],
      ['d@2', 'running'],
    ])
  })

  it("restarts its runs under the cluster's new ambient-identity switch when an admin flips it", async () => {
    const { reconciler, runs, ambient, live } = setup()
    await reconciler.reconcile(desired(1, assignment('d', 1, 'a')), true)
    expect(reconciler.allowAmbient).toBe(true)
    await reconciler.reconcile({ ...desired(2, assignment('d', 1, 'a')), allowAmbient: false }, true)
    await until(() => runs.length === 2 && live().length === 1)
    expect(runs[0]?.state).toBe('stopped')
    expect(ambient).toEqual([true, false])
    await reconciler.reconcile({ ...desired(3, assignment('d', 1, 'a')), allowAmbient: false }, true)
    expect(runs).toHaveLength(2)
  })

  it('drains every run on stopAll and starts nothing afterwards', async () => {
    const { reconciler, runs, live } = setup()
    await reconciler.reconcile(desired(1, assignment('d', 1, 'a'), assignment('d', 1, 'b')), true)
    await reconciler.stopAll(3_000)
    expect(runs.map((r) => r.stopDeadlines)).toEqual([[3_000], [3_000]])
    expect(live()).toEqual([])
    await reconciler.reconcile(desired(2, assignment('d', 1, 'a')), true)
    expect(runs).toHaveLength(2)
  })
})
