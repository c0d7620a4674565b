import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FakeNode, nodeToken as makeNodeToken } from '../test-support/fake-node.ts'
import { type Harness, json, startHarness } from '../test-support/harness.ts'
import { at, listAt } from '../test-support/read.ts'

const LATE_MS = 1_000
let clock = Date.parse('2026-01-01T00:00:00Z')

describe('the node protocol with scripted fake nodes', () => {
  let h: Harness
  let a: FakeNode
  let b: FakeNode
  let c: FakeNode
  let nodeToken: string
  const admin = (method: 'GET' | 'POST', url: string, payload?: object) =>
    h.app.inject({ method, url, headers: h.admin, ...(payload ? { payload } : {}) })

  beforeAll(async () => {
    h = await startHarness({
      services: { cluster: { heartbeatIntervalMs: 200, lateAfterMs: LATE_MS }, now: () => clock },
    })
    const connection = join(h.projectDir, 'connections/local-aws.yaml')
    await writeFile(
      connection,
      (await readFile(connection, 'utf8')).replace('spec:', 'requiredRoles: [aws]\nspec:'),
    )
    await h.services.store.reload()
    nodeToken = await makeNodeToken(h)
    const now = () => clock
    a = new FakeNode(h, nodeToken, 'node-a', { roles: ['aws'], now })
    b = new FakeNode(h, nodeToken, 'node-b', { roles: ['aws', 'gpu'], now })
    c = new FakeNode(h, nodeToken, 'node-c', { now })
  })
  afterAll(() => h.close())

  it('registers nodes of the token cluster only', async () => {
    for (const node of [a, b, c])
      expect(json(await node.register())).toEqual({
        nodeId: node.nodeId,
        heartbeatIntervalMs: 200,
        lateAfterMs: LATE_MS,
      })
    const wrong = await a.register('eu-prod')
    expect(wrong.statusCode).toBe(403)
    expect(json(wrong)).toMatchObject({ error: { code: 'node.wrong-cluster' } })
  })

  it('keeps node tokens to the node protocol and users out of it', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/assets', headers: a.headers })).statusCode).toBe(
      403,
    )
    const user = await h.app.inject({
      method: 'POST',
      url: '/api/cluster/nodes/node-a/heartbeat',
      headers: h.admin,
      payload: { generation: 0, state: 'running', startedAt: 'x', workflows: [], testResults: [] },
    })
    expect(json(user)).toMatchObject({ error: { code: 'auth.forbidden' } })
  })

  it('places a deployment by roles: SQS work on every fitting node, S3 polling on one under a lease', async () => {
    const built = await admin('POST', '/api/deployments/demo/bundles')
    expect(built.statusCode).toBe(201)
    expect(json(built)).toMatchObject({ bundle: { id: 'demo@1', version: 1 } })
    expect((await admin('POST', '/api/deployments/demo/activate', { version: 1 })).statusCode).toBe(200)
    await a.beat()
    await b.beat()
    await c.beat()
    expect(a.assigned()).toEqual(['invoices-archive (singleton)', 'orders-fanout'])
    expect(b.assigned()).toEqual(['orders-fanout'])
    expect(c.assigned()).toEqual([])
    expect(a.desired?.assignments[0]).toMatchObject({ bundleId: 'demo@1', version: 1 })
  })

  it('serves the bundle to nodes of its cluster, secrets still sealed', async () => {
    const response = await h.app.inject({
      method: 'GET',
      url: '/api/cluster/bundles/demo@1',
      headers: a.headers,
    })
    expect(response.statusCode).toBe(200)
    expect(response.body).toContain('"ciphertext":"v1.')
    expect(json(response)).toMatchObject({
      id: 'demo@1',
      cluster: 'default',
      workflows: ['orders-fanout', 'invoices-archive'],
    })
  })

  it('keeps the reported status and metrics for the operations view', async () => {
    await a.beat()
    const nodes = json(await admin('GET', '/api/cluster/nodes'))
    expect(nodes).toMatchObject({
      nodes: [
        {
          nodeId: 'node-a',
          status: 'up',
          workflows: [{ workflow: 'orders-fanout', metrics: { in: 10 } }, { workflow: 'invoices-archive' }],
        },
        { nodeId: 'node-b', status: 'up' },
        { nodeId: 'node-c', status: 'up' },
      ],
    })
    const operations = json(await admin('GET', '/api/operations'))
    expect(operations).toMatchObject({
      deployments: [
        {
          deployment: 'demo',
          workflows: [
            { workflow: 'orders-fanout', nodes: ['node-a', 'node-b'] },
            { workflow: 'invoices-archive', nodes: ['node-a'] },
          ],
        },
      ],
    })
  })

  it('moves the singleton lease when its node goes silent, and reports late and gone', async () => {
    clock += LATE_MS + 100
    await b.beat()
    await c.beat()
    const statuses = async () =>
      listAt(json(await admin('GET', '/api/cluster/nodes')), 'nodes').map((n) => at(n, 'status'))
    expect(await statuses()).toEqual(['late', 'up', 'up'])
    expect(b.assigned()).toEqual(['orders-fanout'])
    clock += LATE_MS
    await b.beat()
    await c.beat()
    expect(await statuses()).toEqual(['gone', 'up', 'up'])
    expect(b.assigned()).toEqual(['invoices-archive (singleton)', 'orders-fanout'])
    await a.beat()
    expect(a.assigned()).toEqual(['orders-fanout'])
  })

  it('reports a workflow nobody can run as unschedulable with the roles it needs', async () => {
    clock += 3 * LATE_MS
    await c.beat()
    const view = json(await admin('GET', '/api/deployments/demo'))
    expect(view).toMatchObject({
      active: 1,
      placement: {
        workflows: [
          {
            workflow: 'orders-fanout',
            status: 'unschedulable',
            requiredRoles: ['aws'],
            reason: expect.stringMatching(/^unschedulable: needs roles \[aws\]/),
          },
          { workflow: 'invoices-archive', status: 'unschedulable' },
        ],
      },
    })
    await b.beat()
    await a.beat()
    expect(b.assigned()).toEqual(['invoices-archive (singleton)', 'orders-fanout'])
    expect(a.assigned()).toEqual(['orders-fanout'])
  })

  it('stops, starts and restarts a deployed workflow through desired state', async () => {
    await admin('POST', '/api/deployments/demo/workflows/orders-fanout/stop')
    await b.beat()
    expect(b.assigned()).toEqual(['invoices-archive (singleton)'])
    await admin('POST', '/api/deployments/demo/workflows/orders-fanout/start')
    await b.beat()
    expect(b.assigned()).toEqual(['invoices-archive (singleton)', 'orders-fanout'])
    await admin('POST', '/api/deployments/demo/workflows/orders-fanout/restart')
    const before = b.generation
    await b.beat()
    expect(b.assigned()).toEqual(['invoices-archive (singleton)'])
    expect(b.generation).toBe(before + 1)
    await b.beat()
    expect(b.assigned()).toEqual(['invoices-archive (singleton)', 'orders-fanout'])
  })

  it('builds a new version, activates it and rolls back to the earlier one', async () => {
    expect(json(await admin('POST', '/api/deployments/demo/bundles'))).toMatchObject({
      bundle: { id: 'demo@2' },
    })
    await admin('POST', '/api/deployments/demo/activate', { version: 2 })
    await b.beat()
    expect(b.desired?.assignments.map((x) => x.bundleId)).toEqual(['demo@2', 'demo@2'])
    expect(json(await admin('POST', '/api/deployments/demo/rollback', {}))).toMatchObject({ active: 1 })
    await b.beat()
    expect(b.desired?.assignments.map((x) => x.bundleId)).toEqual(['demo@1', 'demo@1'])
  })

  it("sends the cluster's ambient-identity switch to its nodes, in a new generation when it changes", async () => {
    const before = await a.beat()
    expect(before.allowAmbient).toBe(true)
    const flip = (allowAmbient: boolean) =>
      h.app.inject({
        method: 'PUT',
        url: '/api/clusters/default',
        headers: h.admin,
        payload: { allowAmbient },
      })
    expect((await flip(false)).statusCode).toBe(200)
    const after = await a.beat()
    expect(after.allowAmbient).toBe(false)
    expect(after.generation).toBeGreaterThan(before.generation)
    expect((await flip(true)).statusCode).toBe(200)
    expect((await a.beat()).allowAmbient).toBe(true)
  })

  it('refuses heartbeats of unknown nodes and of nodes registered by another token', async () => {
    const unknown = new FakeNode(h, nodeToken, 'node-x')
    await expect(unknown.beat()).rejects.toThrow(/node.unknown/)
    const impostor = new FakeNode(h, await makeNodeToken(h), 'node-a', { roles: ['aws'] })
    await expect(impostor.beat()).rejects.toThrow(/node.token-mismatch/)
    expect(json(await impostor.register())).toMatchObject({ error: { code: 'node.token-mismatch' } })
  })
})
