import type { DesiredState } from '@sluice/assets'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FakeNode, nodeToken } from '../test-support/fake-node.ts'
import { type Harness, json, startHarness } from '../test-support/harness.ts'

const DEMO_KEY = 'sha256:_y3YXDf66QXqJB44d6egOEJF2aj7tGika34OM4hSisY'

describe('connection tests, listings and uploads', () => {
  let h: Harness
  const post = (url: string, payload?: object) =>
    h.app.inject({ method: 'POST', url, headers: h.admin, ...(payload ? { payload } : {}) })

  beforeAll(async () => {
    h = await startHarness({
      services: {
        cluster: { heartbeatIntervalMs: 100 },
        tests: { probeTimeoutMs: 500, delegateTimeoutMs: 1_500 },
      },
    })
  })
  afterAll(() => h.close())

  it('says a test needs an engine node of the cluster when only its nodes hold the key', async () => {
    const response = await post('/api/assets/connection.aws/local-aws/test')
    expect(response.statusCode).toBe(200)
    const report = json(response)
    expect(report).toMatchObject({
      ok: false,
      location: { on: 'server' },
      probes: [
        {
          code: 'test.needs-node',
          message: expect.stringContaining('needs an engine node of cluster "default"'),
        },
      ],
    })
    const listing = await h.app.inject({
      method: 'GET',
      url: '/api/connections/local-aws/listings/queues',
      headers: h.admin,
    })
    expect(listing.statusCode).toBe(409)
    expect(json(listing)).toMatchObject({ error: { code: 'secret.cannot-open' } })
    expect(h.gateway.calls).toEqual([])
  })

  it('delegates the test to a live node that holds the key and returns its report', async () => {
    const node = new FakeNode(h, await nodeToken(h), 'tester-1', { keyFingerprints: [DEMO_KEY] })
    await node.register()
    await node.beat()
    const testing = post('/api/assets/sink.sqs/audit-queue/test')
    let desired: DesiredState | undefined
    for (let i = 0; i < 50 && !desired?.tests.length; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      desired = await node.beat()
    }
    const test = desired?.tests[0]
    expect(test).toMatchObject({
      target: { kind: 'sink.sqs', name: 'audit-queue' },
      variables: { AUDIT_QUEUE: 'sluice-demo-audit' },
    })
    expect(test?.assets.map((a) => `${a.kind}/${a.name}`).sort()).toEqual([
      'connection.aws/local-aws',
      'resource.secret/demo-secrets',
      'sink.sqs/audit-queue',
    ])
    await node.beat({
      testResults: [
        {
          id: test?.id,
          report: {
            ok: true,
            kind: 'sink.sqs',
            name: 'audit-queue',
            probes: [
              {
                name: 'GetQueueAttributes',
                action: 'sqs:GetQueueAttributes',
                ok: true,
                message: 'ok',
                durationMs: 3,
              },
            ],
            ranAt: new Date().toISOString(),
            location: { on: 'node', nodeId: 'tester-1', cluster: 'default' },
          },
        },
      ],
    })
    const report = json(await testing)
    expect(report).toMatchObject({
      ok: true,
      location: { on: 'node', nodeId: 'tester-1' },
      probes: [{ action: 'sqs:GetQueueAttributes' }],
    })
    const listed = json(
      await h.app.inject({ method: 'GET', url: '/api/assets?kind=sink.sqs', headers: h.admin }),
    )
    expect(listed).toMatchObject({ assets: [{ name: 'audit-queue', test: { status: 'connected' } }] })
    const timedOut = json(await post('/api/assets/sink.sqs/audit-queue/test'))
    expect(timedOut).toMatchObject({
      ok: false,
      probes: [{ code: 'test.timeout' }],
      location: { nodeId: 'tester-1' },
    })
  })

  it('runs on the server once the secret is sealed to the server key, with every macro resolved', async () => {
    const resealed = await h.sealDemoSecret('test')
    expect(resealed.statusCode).toBe(200)
    const report = json(await post('/api/assets/sink.sqs/audit-queue/test'))
    expect(report).toMatchObject({
      ok: true,
      location: { on: 'server' },
      identity: { account: '000000000000' },
    })
    const call = h.gateway.calls.at(-1)
    expect(call?.connection.spec).toMatchObject({
      auth: { mode: 'accessKey', secretAccessKey: 'test' },
      endpoints: { sqs: 'http://127.0.0.1:4566' },
    })
    expect(call?.detail).toMatchObject({ kind: 'sink.sqs', spec: { queue: 'sluice-demo-audit' } })
    h.gateway.probes = [
      {
        name: 'GetQueueAttributes',
        action: 'sqs:GetQueueAttributes',
        ok: false,
        code: 'aws.access-denied',
        message: 'needs sqs:GetQueueAttributes',
        durationMs: 2,
      },
    ]
    expect(json(await post('/api/assets/sink.sqs/audit-queue/test'))).toMatchObject({ ok: false })
    const last = json(
      await h.app.inject({ method: 'GET', url: '/api/assets/sink.sqs/audit-queue', headers: h.admin }),
    )
    expect(last).toMatchObject({ test: { status: 'failing', message: 'needs sqs:GetQueueAttributes' } })
  })

  it('never hangs: a test that does not answer fails with a timeout', async () => {
    h.gateway.hang = true
    try {
      expect(json(await post('/api/assets/connection.aws/local-aws/test'))).toMatchObject({
        ok: false,
        probes: [{ code: 'test.timeout' }],
      })
    } finally {
      h.gateway.hang = false
    }
  })

  it('lists resources through a connection and reports AWS failures with their code', async () => {
    h.gateway.listing = {
      kind: 'queues',
      items: [{ value: 'q1', label: 'q1', count: 4, countOf: 'messages' }],
      truncated: false,
    }
    const listing = await h.app.inject({
      method: 'GET',
      url: '/api/connections/local-aws/listings/queues?prefix=sluice',
      headers: h.admin,
    })
    expect(json(listing)).toEqual(h.gateway.listing)
    expect(h.gateway.calls.at(-1)?.detail).toEqual({ kind: 'queues', query: { prefix: 'sluice' } })
    h.gateway.failure = Object.assign(new Error('needs s3:ListAllMyBuckets'), { code: 'aws.access-denied' })
    try {
      const denied = await h.app.inject({
        method: 'GET',
        url: '/api/connections/local-aws/listings/buckets',
        headers: h.admin,
      })
      expect(denied.statusCode).toBe(502)
      expect(json(denied)).toMatchObject({
        error: { code: 'listing.failed', issues: [{ code: 'aws.access-denied' }] },
      })
    } finally {
      h.gateway.failure = undefined
    }
    const unknown = await h.app.inject({
      method: 'GET',
      url: '/api/connections/local-aws/listings/tables',
      headers: h.admin,
    })
    expect(unknown.statusCode).toBe(400)
  })

  it("presigns an upload under an S3 source's bucket and prefix", async () => {
    const response = await post('/api/assets/source.s3/invoice-files/presign', {
      fileName: 'test-1.ndjson',
      contentType: 'application/x-ndjson',
    })
    expect(response.statusCode).toBe(200)
    expect(json(response)).toMatchObject({
      bucket: 'sluice-demo-inbox',
      key: 'invoices/test-1.ndjson',
      headers: { 'content-type': 'application/x-ndjson' },
    })
    const traversal = await post('/api/assets/source.s3/invoice-files/presign', {
      fileName: '../../etc/passwd',
    })
    expect(traversal.statusCode).toBe(400)
  })

  it('refuses to test what is not a connection, source or sink', async () => {
    const response = await post('/api/assets/workflow/orders-fanout/test')
    expect(response.statusCode).toBe(422)
    expect(json(response)).toMatchObject({ error: { code: 'test.unsupported-kind' } })
  })
})
