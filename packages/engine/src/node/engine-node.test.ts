import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ProbeReport } from '@sluice/assets'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cachedBundles } from './bundles.ts'
import { DelegatedTests } from './delegated-tests.ts'
import { EngineNode, type NodeOutcome } from './engine-node.ts'
import { fileNodeStore, type NodeStore } from './node-store.ts'
import { Reconciler } from './reconciler.ts'
import { ServerError } from './server-api.ts'
import { assignment, FakeRun, FakeServer, recordingLogger, testBundle, until } from './test-support.ts'

const registration = {
  nodeId: 'node-a',
  cluster: 'test',
  roles: ['s3'],
  version: '0.1.0',
  hostname: 'host',
  keyFingerprints: [],
}

describe('an engine node against a fake config server', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-engine-node-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  function start(server: FakeServer, store: NodeStore = fileNodeStore(dir)) {
    const runs: FakeRun[] = []
    const log = recordingLogger()
    const location = { on: 'node' as const, nodeId: 'node-a', cluster: 'test' }
    const reconciler = new Reconciler({
      start: (bundle, workflow) => {
        const run = new FakeRun(bundle, workflow)
        runs.push(run)
        return run
      },
      bundle: cachedBundles(store, server, 'test'),
      drainMs: 1_000,
      log,
    })
    const tests = new DelegatedTests({
      location,
      timeoutMs: 1_000,
      log,
      execute: async (test): Promise<ProbeReport> => ({
        ok: true,
        kind: test.target.kind,
        name: test.target.name,
        probes: [],
        ranAt: new Date().toISOString(),
        location,
      }),
    })
    const node = new EngineNode({
      api: server,
      store,
      registration,
      reconciler,
      tests,
      log,
      retry: { initialMs: 10, maxMs: 40 },
    })
    const controller = new AbortController()
    let outcome: NodeOutcome | undefined
    const running = node.run(controller.signal).then((o) => {
      outcome = o
      return o
    })
    const live = () => runs.filter((r) => r.state === 'running')
    const stop = async () => {
      controller.abort()
      await running
      await node.shutdown(1_000)
    }
    return { node, runs, live, log, stop, running, outcome: () => outcome }
  }

  function serverWith(...workflows: string[]): FakeServer {
    const server = new FakeServer()
    server.bundles.set('d@1', testBundle('d', 1, workflows))
    server.desired = { generation: 1, assignments: workflows.map((w) => assignment('d', 1, w)), tests: [] }
    return server
  }

  it('registers, heartbeats, runs what it is told and reports it in the next heartbeat', async () => {
    const server = serverWith('a', 'b')
    const node = start(server)
    await until(() => server.heartbeats.some((b) => b.workflows.length === 2), 5_000, 'both runs reported')
    expect(server.registrations).toEqual([registration])
    expect(node.live().map((r) => r.workflow)).toEqual(['a', 'b'])
    const last = server.heartbeats.at(-1)
    expect(last).toMatchObject({ generation: 1, state: 'running' })
    expect(last?.workflows.map((w) => [w.workflow, w.state])).toEqual([
      ['a', 'running'],
      ['b', 'running'],
    ])
    await node.stop()
  })

  it('keeps running through an outage, logs it once, and reconnects', async () => {
    const server = serverWith('a')
    const node = start(server)
    await until(() => node.live().length === 1)
    server.down = true
    const before = server.heartbeats.length
    await until(() => node.log.count(/cannot be reached/) === 1)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(node.log.count(/cannot be reached/)).toBe(1)
    expect(node.live().map((r) => r.workflow)).toEqual(['a'])
    server.down = false
    await until(() => server.heartbeats.length > before, 2_000, 'a heartbeat after the outage')
    expect(node.log.entries.find((e) => /reachable again/.test(e.message))?.fields).toMatchObject({
      attempts: expect.any(Number),
    })
    expect(server.registrations).toHaveLength(1)
    await node.stop()
  })

  it('registers again when the server has forgotten it', async () => {
    const server = serverWith('a')
    const node = start(server)
    await until(() => server.heartbeats.length > 0)
    server.known.clear()
    await until(() => server.registrations.length === 2, 2_000, 'a second registration')
    const count = server.heartbeats.length
    await until(() => server.heartbeats.length > count)
    expect(node.runs).toHaveLength(1)
    await node.stop()
  })

  it('ends with a clear fatal outcome when the token is refused', async () => {
    const server = serverWith('a')
    const node = start(server)
    await until(() => node.live().length === 1)
    server.revoked = true
    const outcome = await node.running
    expect(outcome).toMatchObject({ type: 'fatal', code: 'auth.token-revoked' })
    expect(outcome.type === 'fatal' && outcome.message).toContain('SLUICE_TOKEN')
    await node.stop()
    expect(node.runs[0]?.state).toBe('stopped')
  })

  it('ends when its registration is refused, pointing at the server address', async () => {
    const server = serverWith('a')
    server.register = async () => {
      throw new ServerError('rejected', 'route.not-found', 'POST /api/cluster/nodes: 404', 404)
    }
    const node = start(server)
    const outcome = await node.running
    expect(outcome).toMatchObject({ type: 'fatal', code: 'route.not-found' })
    expect(outcome.type === 'fatal' && outcome.message).toContain('check that --server')
    await node.stop()
  })

  it('resumes the cached desired state after a restart while the server is down', async () => {
    const server = serverWith('a')
    const first = start(server)
    await until(() => first.live().length === 1)
    await first.stop()
    server.down = true
    const second = start(server)
    await until(() => second.live().length === 1, 2_000, 'the cached workflow to resume')
    expect(second.live()[0]?.bundle.id).toBe('d@1')
    expect(second.log.count(/resuming the cached desired state/)).toBe(1)
    server.down = false
    server.desired = { generation: 2, assignments: [], tests: [] }
    await until(() => second.live().length === 0, 2_000, 'the workflow to stop once the server says so')
    await second.stop()
  })

  it('drains first, then sends a last heartbeat saying draining', async () => {
    const server = serverWith('a')
    const node = start(server)
    await until(() => node.live().length === 1)
    await node.stop()
    const last = server.heartbeats.at(-1)
    expect(last?.state).toBe('draining')
    expect(last?.workflows).toEqual([])
    expect(node.runs[0]?.stopDeadlines).toEqual([1_000])
    expect(server.heartbeats.filter((b) => b.state === 'draining')).toHaveLength(1)
  })

  it('runs a delegated test and sends its report with the next heartbeat, once', async () => {
    const server = serverWith()
    server.desired = {
      generation: 1,
      assignments: [],
      tests: [{ id: 't1', target: { kind: 'connection.aws', name: 'aws' }, assets: [], variables: {} }],
    }
    const node = start(server)
    await until(() => server.heartbeats.some((b) => b.testResults.length > 0), 2_000, 'a test report')
    const sent = server.heartbeats.find((b) => b.testResults.length > 0)
    expect(sent?.testResults[0]).toMatchObject({
      id: 't1',
      report: { ok: true, location: { on: 'node', nodeId: 'node-a', cluster: 'test' } },
    })
    const count = server.heartbeats.length
    await until(() => server.heartbeats.length > count + 2)
    expect(server.heartbeats.filter((b) => b.testResults.length > 0)).toHaveLength(1)
    await node.stop()
  })
})
