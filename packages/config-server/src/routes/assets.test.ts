import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Harness, json, startHarness } from '../test-support/harness.ts'
import { at, listAt, textAt } from '../test-support/read.ts'

describe('asset routes', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness()
  })
  afterAll(() => h.close())

  const get = (url: string) => h.app.inject({ method: 'GET', url, headers: h.admin })

  it('lists every asset with file, version and test status', async () => {
    const response = await get('/api/assets?kind=sink.sqs')
    expect(response.statusCode).toBe(200)
    expect(json(response)).toMatchObject({
      assets: [
        {
          kind: 'sink.sqs',
          name: 'audit-queue',
          file: 'sinks/audit-queue.yaml',
          issues: [],
          test: { status: 'untested' },
        },
      ],
    })
  })

  it('reads one asset with its version as the ETag', async () => {
    const response = await get('/api/assets/workflow/orders-fanout')
    expect(response.statusCode).toBe(200)
    const body = json(response)
    expect(response.headers.etag).toBe(`"${textAt(body, 'version')}"`)
  })

  it('answers 400 for an unknown kind and a name that tries to leave the project', async () => {
    const unknown = await get('/api/assets/sink.ftp/x')
    expect(unknown.statusCode).toBe(400)
    expect(json(unknown)).toMatchObject({ error: { code: 'asset.unknown-kind' } })
    const traversal = await get('/api/assets/sink.sqs/..%2F..%2Fetc%2Fpasswd')
    expect(traversal.statusCode).toBe(400)
    expect(json(traversal)).toMatchObject({ error: { code: 'asset.invalid-name' } })
    expect((await get('/api/assets/sink.sqs/missing')).statusCode).toBe(404)
  })

  it('creates an asset and answers 422 with every issue for an invalid one', async () => {
    const created = await h.app.inject({
      method: 'POST',
      url: '/api/assets',
      headers: h.admin,
      payload: {
        kind: 'sink.sqs',
        name: 'extra-queue',
        spec: { connection: 'local-aws', queue: '${lay:AUDIT_QUEUE}' },
      },
    })
    expect(created.statusCode).toBe(201)
    expect(created.headers.location).toBe('/api/assets/sink.sqs/extra-queue')
    const invalid = await h.app.inject({
      method: 'POST',
      url: '/api/assets',
      headers: h.admin,
      payload: { kind: 'sink.sqs', name: 'bad', spec: { connection: 'nope', queue: 5, surprise: true } },
    })
    expect(invalid.statusCode).toBe(422)
    const body = json(invalid)
    expect(body).toMatchObject({ error: { code: 'asset.invalid' } })
    const codes = at(body, 'error', 'issues')
    expect(codes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/spec/queue', code: 'schema.type' }),
        expect.objectContaining({ path: '/spec/surprise', code: 'schema.unknown-field' }),
      ]),
    )
  })

  it('updates with If-Match only: 428 without, 412 when stale, 200 with the current version', async () => {
    const current = await get('/api/assets/sink.sqs/audit-queue')
    const etag = current.headers.etag ?? ''
    const body = { spec: { connection: 'local-aws', queue: '${lay:AUDIT_QUEUE}', delaySeconds: 3 } }
    const put = (headers: Record<string, string>) =>
      h.app.inject({
        method: 'PUT',
        url: '/api/assets/sink.sqs/audit-queue',
        headers: { ...h.admin, ...headers },
        payload: body,
      })
    expect((await put({})).statusCode).toBe(428)
    expect(json(await put({ 'if-match': '"nope"' }))).toMatchObject({ error: { code: 'version.stale' } })
    const ok = await put({ 'if-match': etag })
    expect(ok.statusCode).toBe(200)
    expect(ok.headers.etag).not.toBe(etag)
    expect((await put({ 'if-match': etag })).statusCode).toBe(412)
  })

  it('refuses a body that names another asset than the URL', async () => {
    const current = await get('/api/assets/sink.sqs/audit-queue')
    const response = await h.app.inject({
      method: 'PUT',
      url: '/api/assets/sink.sqs/audit-queue',
      headers: { ...h.admin, 'if-match': current.headers.etag ?? '' },
      payload: { kind: 'sink.sqs', name: 'other', spec: {} },
    })
    expect(response.statusCode).toBe(422)
    expect(json(response)).toMatchObject({
      error: { issues: [{ path: '/name', code: 'asset.path-mismatch' }] },
    })
  })

  it('lists usages, refuses to delete a used asset, renames it and then deletes it', async () => {
    const usages = json(await get('/api/assets/sink.kinesis/order-stream/usages'))
    expect(usages).toEqual({
      usages: [{ kind: 'workflow', name: 'orders-fanout', path: '/spec/nodes/3/asset' }],
    })
    const etag = (await get('/api/assets/sink.kinesis/order-stream')).headers.etag ?? ''
    const refused = await h.app.inject({
      method: 'DELETE',
      url: '/api/assets/sink.kinesis/order-stream',
      headers: { ...h.admin, 'if-match': etag },
    })
    expect(refused.statusCode).toBe(409)
    const renamed = await h.app.inject({
      method: 'POST',
      url: '/api/assets/sink.kinesis/order-stream/rename',
      headers: { ...h.admin, 'if-match': etag },
      payload: { newName: 'orders-stream' },
    })
    expect(renamed.statusCode).toBe(200)
    expect(json(renamed)).toMatchObject({
      asset: { name: 'orders-stream' },
      updated: [{ name: 'orders-fanout' }],
    })
    const extra = await get('/api/assets/sink.sqs/extra-queue')
    const deleted = await h.app.inject({
      method: 'DELETE',
      url: '/api/assets/sink.sqs/extra-queue',
      headers: { ...h.admin, 'if-match': extra.headers.etag ?? '' },
    })
    expect(deleted.statusCode).toBe(204)
    expect((await get('/api/assets/sink.sqs/extra-queue')).statusCode).toBe(404)
  })

  it('serves the file text with its comments', async () => {
    const response = await get('/api/assets/connection.aws/local-aws/yaml')
    expect(response.headers['content-type']).toContain('application/yaml')
    expect(response.body).toContain('kind: connection.aws')
  })

  it('validates the whole project', async () => {
    expect(json(await get('/api/validation'))).toMatchObject({ assets: 13, valid: true, issues: [] })
  })

  it('exports the project and imports it back', async () => {
    const exported = await get('/api/project/export')
    expect(exported.body).toContain('--- # sluice-file: workflows/orders-fanout.yaml')
    expect(exported.body).toContain('ciphertext: v1.')
    const reimported = await h.app.inject({
      method: 'POST',
      url: '/api/project/import',
      headers: { ...h.admin, 'content-type': 'application/yaml' },
      payload: exported.body.replace('Every order as an OrderPlaced event.', 'Every order, as an event.'),
    })
    expect(reimported.statusCode).toBe(200)
    const outcome = json(reimported)
    expect(outcome).toMatchObject({ created: [], updated: ['sink.eventbridge/order-bus'] })
    expect(listAt(outcome, 'unchanged')).toHaveLength(12)
  })

  it('refuses an import with any problem and writes nothing', async () => {
    const before = (await get('/api/project/export')).body
    const response = await h.app.inject({
      method: 'POST',
      url: '/api/project/import',
      headers: { ...h.admin, 'content-type': 'application/yaml' },
      payload: `kind: resource.environment\nname: fine\nspec: {}\n---\nkind: sink.sqs\nname: broken\nspec: { connection: gone, queue: q }\n`,
    })
    expect(response.statusCode).toBe(422)
    expect(json(response)).toMatchObject({
      error: { code: 'project.invalid', issues: [{ file: 'document 2', code: 'ref.missing' }] },
    })
    expect((await get('/api/project/export')).body).toBe(before)
  })

  it('answers 415 for YAML sent to a JSON route and for plain text', async () => {
    for (const type of ['application/yaml', 'text/plain']) {
      const response = await h.app.inject({
        method: 'POST',
        url: '/api/assets',
        headers: { ...h.admin, 'content-type': type },
        payload: 'kind: x',
      })
      expect(response.statusCode).toBe(415)
      expect(json(response)).toMatchObject({ error: { code: 'request.unsupported-media-type' } })
    }
  })

  it('gives the editor the schemas, the macro names and the IAM policy', async () => {
    const schemas = json(await get('/api/schemas'))
    expect(listAt(schemas, 'kinds')).toHaveLength(12)
    expect(json(await get('/api/schemas/sink.sqs'))).toMatchObject({ kind: 'sink.sqs', category: 'sink' })
    const completions = json(await get('/api/macros/completions?deployment=demo'))
    expect(completions).toMatchObject({
      environments: ['local'],
      secrets: ['demo-secrets'],
      sec: [{ name: 'demo-secrets/aws-secret-access-key' }],
    })
    expect(listAt(completions, 'lay')).toContainEqual({
      name: 'ORDER_BUS',
      value: 'sluice-demo',
      from: 'local',
    })
    const policy = json(await get('/api/iam-policy?deployment=demo'))
    expect(JSON.stringify(policy)).toContain('sqs:ReceiveMessage')
    expect((await get('/api/iam-policy')).statusCode).toBe(400)
  })
})
