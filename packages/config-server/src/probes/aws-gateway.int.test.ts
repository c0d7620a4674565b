import { createResources, type LocalAws, startLocalAws } from '@sluice/aws-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Harness, json, startHarness } from '../test-support/harness.ts'
import { at, listAt, textAt } from '../test-support/read.ts'
import { realAwsGateway } from './aws-gateway.ts'

/** The server with the real `@sluice/aws` gateway, over a project created through the API, against the local AWS stack. */
describe('connection tests, listings, uploads and audit events against the local AWS stack', () => {
  let aws: LocalAws
  let h: Harness
  const post = (url: string, payload?: object) =>
    h.app.inject({ method: 'POST', url, headers: h.admin, ...(payload ? { payload } : {}) })
  const create = async (asset: object) => {
    const response = await post('/api/assets', asset)
    if (response.statusCode !== 201) throw new Error(`creating failed: ${response.body}`)
  }

  beforeAll(async () => {
    aws = await startLocalAws()
    await createResources(aws, {
      buckets: ['itest-inbox'],
      queues: ['itest-orders'],
      buses: ['itest-audit'],
    })
    h = await startHarness({
      project: null,
      services: { aws: realAwsGateway(), tests: { probeTimeoutMs: 20_000 } },
    })
    await create({
      kind: 'resource.secret',
      name: 'local-secrets',
      spec: { values: { key: { value: aws.credentials.secretAccessKey } } },
    })
    await create({
      kind: 'resource.environment',
      name: 'local',
      spec: { variables: { QUEUE: 'itest-orders', BUCKET: 'itest-inbox' } },
    })
    await create({
      kind: 'connection.aws',
      name: 'local-aws',
      spec: {
        region: aws.region,
        auth: {
          mode: 'accessKey',
          accessKeyId: aws.credentials.accessKeyId,
          secretAccessKey: '${sec:local-secrets/key}',
        },
        endpoints: {
          s3: aws.endpoints.s3,
          sqs: aws.endpoints.sqs,
          sns: aws.endpoints.sns,
          kinesis: aws.endpoints.kinesis,
          eventbridge: aws.endpoints.eventbridge,
          sts: aws.endpoints.sts,
        },
        s3ForcePathStyle: true,
        timeoutMs: 5_000,
      },
    })
    await create({
      kind: 'sink.sqs',
      name: 'orders-out',
      spec: { connection: 'local-aws', queue: '${lay:QUEUE}' },
    })
    await create({
      kind: 'sink.sqs',
      name: 'missing-out',
      spec: { connection: 'local-aws', queue: 'no-such-queue' },
    })
    await create({
      kind: 'source.s3',
      name: 'inbox',
      spec: { connection: 'local-aws', bucket: '${lay:BUCKET}', prefix: 'in/', format: { type: 'ndjson' } },
    })
    await create({
      kind: 'workflow',
      name: 'flow',
      spec: {
        nodes: [
          { id: 'in', type: 'source', asset: 'inbox' },
          { id: 'out', type: 'sink', asset: 'orders-out' },
        ],
        links: [{ from: 'in', to: 'out' }],
      },
    })
    await create({
      kind: 'deployment',
      name: 'local',
      spec: { workflows: ['flow'], environments: ['local'], secrets: ['local-secrets'] },
    })
  }, 120_000)

  afterAll(async () => {
    await h?.close()
    await aws?.stop()
  })

  it('tests a connection: credentials resolve and GetCallerIdentity answers', async () => {
    const report = json(await post('/api/assets/connection.aws/local-aws/test'))
    expect(report).toMatchObject({ ok: true, identity: { account: aws.account }, location: { on: 'server' } })
  })

  it('tests a sink with the calls it makes, and names the IAM action of a failure', async () => {
    expect(json(await post('/api/assets/sink.sqs/orders-out/test'))).toMatchObject({ ok: true })
    const missing = json(await post('/api/assets/sink.sqs/missing-out/test'))
    expect(missing).toMatchObject({ ok: false })
    const failedProbe = listAt(missing, 'probes').find((p) => at(p, 'ok') === false)
    expect(failedProbe).toMatchObject({
      action: expect.stringMatching(/^sqs:/),
      code: expect.stringMatching(/^aws\./),
    })
    const list = json(
      await h.app.inject({ method: 'GET', url: '/api/assets?kind=sink.sqs', headers: h.admin }),
    )
    expect(list).toMatchObject({
      assets: [
        { name: 'missing-out', test: { status: 'failing' } },
        { name: 'orders-out', test: { status: 'connected' } },
      ],
    })
  })

  it('lists queues and buckets for the pickers', async () => {
    const queues = json(
      await h.app.inject({
        method: 'GET',
        url: '/api/connections/local-aws/listings/queues',
        headers: h.admin,
      }),
    )
    expect(JSON.stringify(queues)).toContain('itest-orders')
    const buckets = json(
      await h.app.inject({
        method: 'GET',
        url: '/api/connections/local-aws/listings/buckets',
        headers: h.admin,
      }),
    )
    expect(buckets).toMatchObject({
      kind: 'buckets',
      items: expect.arrayContaining([expect.objectContaining({ value: 'itest-inbox' })]),
    })
  })

  it('presigns an upload the browser can PUT straight to S3', async () => {
    const signed = json(
      await post('/api/assets/source.s3/inbox/presign', {
        fileName: 'hello.ndjson',
        contentType: 'application/x-ndjson',
      }),
    )
    expect(signed).toMatchObject({ bucket: 'itest-inbox', key: 'in/hello.ndjson' })
    const put = await fetch(textAt(signed, 'url'), {
      method: 'PUT',
      headers: { 'content-type': textAt(signed, 'headers', 'content-type') },
      body: '{"hello":1}\n',
    })
    expect(put.status).toBe(200)
    const prefixes = json(
      await h.app.inject({
        method: 'GET',
        url: '/api/connections/local-aws/listings/prefixes?bucket=itest-inbox',
        headers: h.admin,
      }),
    )
    expect(JSON.stringify(prefixes)).toContain('in/')
  })

  it('publishes audit events to an EventBridge bus through the connection', async () => {
    const set = await h.app.inject({
      method: 'PUT',
      url: '/api/settings/events',
      headers: h.admin,
      payload: { mode: 'eventbridge', connection: 'local-aws', busName: 'itest-audit' },
    })
    expect(set.statusCode).toBe(200)
    await h.services.events.flush()
    const received = aws.standIn.events().filter((e) => e.busName === 'itest-audit')
    expect(received.map((e) => e.envelope['detail-type'])).toEqual(['Sluice Audit Event'])
    expect(received[0]?.envelope).toMatchObject({
      source: 'sluice.config-server',
      detail: { action: 'settings.events' },
    })
    expect(
      json(await h.app.inject({ method: 'GET', url: '/api/settings/events', headers: h.admin })),
    ).toMatchObject({ status: { published: 1, failed: 0 } })
  })
})
