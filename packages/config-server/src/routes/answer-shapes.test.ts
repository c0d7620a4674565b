import { isDeepStrictEqual } from 'node:util'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { IsSchema } from 'typebox'
import Value from 'typebox/value'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sluiceApi } from '../app.ts'
import { FakeNode, nodeToken } from '../test-support/fake-node.ts'
import { type Harness, startHarness } from '../test-support/harness.ts'
import { textAt } from '../test-support/read.ts'

/** One JSON answer and what was wrong with it against its route's declared response schema. */
interface Answer {
  route: string
  status: number
  problem?: string
}

function declaredSchema(request: FastifyRequest, status: number): unknown {
  const responses: unknown = request.routeOptions.schema?.response
  return typeof responses === 'object' && responses !== null
    ? Reflect.get(responses, String(status))
    : undefined
}

/** Checks an answer: declared for its status, fits the schema, and carries no field the schema leaves out. */
function check(request: FastifyRequest, reply: FastifyReply, payload: unknown): Answer {
  const route = `${request.method} ${request.routeOptions.url ?? request.url}`
  const status = reply.statusCode
  const schema = declaredSchema(request, status)
  if (!IsSchema(schema)) return { route, status, problem: `no response schema for ${status}` }
  const body: unknown = JSON.parse(String(payload))
  if (!Value.Check(schema, body)) {
    const first = Value.Errors(schema, body)[0]
    return { route, status, problem: `${first?.instancePath ?? ''} ${first?.message ?? 'does not fit'}` }
  }
  const declared = Value.Clean(schema, structuredClone(body))
  return isDeepStrictEqual(declared, body)
    ? { route, status }
    : { route, status, problem: `undeclared fields: ${JSON.stringify(body)}` }
}

/** The API over the harness's services, with every JSON answer checked as it is sent. */
async function checkedApp(h: Harness, answers: Answer[]): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  app.addHook('onSend', async (request, reply, payload) => {
    const type = String(reply.getHeader('content-type') ?? '')
    if (request.url.startsWith('/api/') && type.includes('json') && typeof payload === 'string')
      answers.push(check(request, reply, payload))
    return payload
  })
  await app.register(sluiceApi, { services: h.services, loginAttemptsPerMinute: 1000 })
  await app.ready()
  return app
}

describe('the answers of the routes the editor uses', () => {
  let h: Harness
  let app: FastifyInstance
  const answers: Answer[] = []
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, more = {}) => {
    const response = await app.inject({ method, url, headers: h.admin, ...more })
    return { status: response.statusCode, etag: response.headers.etag, body: response.body }
  }
  const ifMatch = (etag: string | undefined) => ({ ...h.admin, 'if-match': etag ?? '' })

  beforeAll(async () => {
    h = await startHarness({ services: { cluster: { heartbeatIntervalMs: 100 } } })
    app = await checkedApp(h, answers)
  })
  afterAll(async () => {
    await app.close()
    await h.close()
  })

  it('signs in and out, and reads the session', async () => {
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'wrong-password' },
    })
    expect(login.statusCode).toBe(401)
    await call('GET', '/api/auth/session')
    const wrong = { currentPassword: 'not-the-password', newPassword: 'a-new-long-password' }
    expect((await call('POST', '/api/auth/password', { payload: wrong })).status).toBe(401)
    const viewer = await h.userOf('viewer')
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers: viewer })).statusCode).toBe(
      204,
    )
  })

  it('reads, writes, renames and deletes assets', async () => {
    expect((await call('GET', '/api/assets')).status).toBe(200)
    await call('GET', '/api/assets?kind=sink.sqs')
    await call('GET', '/api/assets/sink.sqs/audit-queue')
    await call('GET', '/api/assets/sink.sqs/nothing')
    const payload = { kind: 'resource.environment', name: 'shapes', spec: { variables: { A: '1' } } }
    const created = await call('POST', '/api/assets', { payload })
    expect(created.status).toBe(201)
    const updated = await app.inject({
      method: 'PUT',
      url: '/api/assets/resource.environment/shapes',
      headers: ifMatch(created.etag),
      payload: { description: 'checked', spec: { variables: { A: '2' } } },
    })
    const stale = await app.inject({
      method: 'PUT',
      url: '/api/assets/resource.environment/shapes',
      headers: ifMatch(created.etag),
      payload: { spec: { variables: {} } },
    })
    expect(stale.statusCode).toBe(412)
    const renamed = await app.inject({
      method: 'POST',
      url: '/api/assets/resource.environment/shapes/rename',
      headers: ifMatch(updated.headers.etag),
      payload: { newName: 'shapes-2' },
    })
    expect(renamed.statusCode).toBe(200)
    await call('GET', '/api/assets/resource.environment/local/usages')
    const removed = await app.inject({
      method: 'DELETE',
      url: '/api/assets/resource.environment/shapes-2',
      headers: ifMatch(renamed.headers.etag),
    })
    expect(removed.statusCode).toBe(204)
    await call('POST', '/api/assets', { payload: { kind: 'sink.sqs', name: 'bad', spec: {} } })
  })

  it('validates the project, completes macros and reloads', async () => {
    expect((await call('GET', '/api/validation')).status).toBe(200)
    expect((await call('GET', '/api/macros/completions?deployment=demo')).status).toBe(200)
    await call('GET', '/api/macros/completions?environments=local')
    expect((await call('POST', '/api/project/reload')).status).toBe(200)
  })

  it('tests, lists and presigns through a connection', async () => {
    await call('POST', '/api/assets/connection.aws/local-aws/test', { payload: {} })
    expect((await h.sealDemoSecret('shapes-secret')).statusCode).toBe(200)
    expect((await call('POST', '/api/assets/sink.sqs/audit-queue/test', { payload: {} })).status).toBe(200)
    h.gateway.listing = {
      kind: 'queues',
      items: [{ value: 'q', label: 'q', count: 2, countOf: 'messages' }],
      truncated: false,
    }
    expect((await call('GET', '/api/connections/local-aws/listings/queues?prefix=q')).status).toBe(200)
    const presign = { fileName: 'shapes.csv', contentType: 'text/csv' }
    expect(
      (await call('POST', '/api/assets/source.s3/invoice-files/presign', { payload: presign })).status,
    ).toBe(200)
  })

  it('manages keys, clusters, users, tokens and reads the audit trail', async () => {
    await call('GET', '/api/keys')
    const rotated = await call('POST', '/api/keys/server/rotate')
    const secret = await call('GET', '/api/assets/resource.secret/demo-secrets')
    const fingerprint = textAt(JSON.parse(rotated.body), 'fingerprint')
    const resealed = await app.inject({
      method: 'POST',
      url: '/api/secrets/demo-secrets/rotate',
      headers: ifMatch(secret.etag),
      payload: { keyFingerprint: fingerprint },
    })
    expect(resealed.statusCode).toBe(200)
    await call('GET', '/api/clusters')
    expect(
      (await call('PUT', '/api/clusters/shapes', { payload: { description: 'd', allowAmbient: false } }))
        .status,
    ).toBe(200)
    await call('GET', '/api/users')
    const user = { username: 'shapes', role: 'viewer', password: 'a-long-password-1' }
    expect((await call('POST', '/api/users', { payload: user })).status).toBe(201)
    expect(
      (await call('PATCH', '/api/users/shapes', { payload: { role: 'operator', disabled: true } })).status,
    ).toBe(200)
    expect((await call('DELETE', '/api/users/shapes')).status).toBe(204)
    const made = await call('POST', '/api/tokens', {
      payload: { name: 'cli', scopes: ['api'], expiresInDays: 1 },
    })
    expect(made.status).toBe(201)
    await call('GET', '/api/tokens?all=true')
    await call('DELETE', `/api/tokens/${textAt(JSON.parse(made.body), 'info', 'id')}`)
    expect((await call('GET', '/api/audit?action=user&limit=5')).status).toBe(200)
  })

  it('builds, activates and controls a deployment, and shows operations', async () => {
    const node = new FakeNode({ ...h, app }, await nodeToken(h), 'shapes-node', { roles: ['s3', 'sqs'] })
    expect((await node.register()).statusCode).toBe(200)
    await node.beat()
    const built = await call('POST', '/api/deployments/demo/bundles')
    expect(built.status).toBe(201)
    const version = JSON.parse(built.body).bundle.version
    expect((await call('POST', '/api/deployments/demo/activate', { payload: { version } })).status).toBe(200)
    await node.beat()
    await node.beat()
    expect((await call('POST', '/api/deployments/demo/workflows/orders-fanout/stop')).status).toBe(200)
    await call('GET', '/api/deployments')
    await call('GET', '/api/deployments/demo')
    await call('GET', `/api/deployments/demo/bundles/${version}`)
    const operations = await call('GET', '/api/operations')
    expect(JSON.parse(operations.body)).toMatchObject({
      nodes: [{ nodeId: 'shapes-node', status: 'up' }],
      deployments: [{ deployment: 'demo' }],
    })
    await call('GET', '/api/cluster/nodes')
    await call('POST', '/api/deployments/demo/rollback', { payload: {} })
    expect((await call('POST', '/api/deployments/demo/deactivate')).status).toBe(200)
  })

  it('answered every call in the shape its route declares', () => {
    const routes = new Set(answers.map((a) => a.route))
    expect(routes.size).toBeGreaterThanOrEqual(30)
    expect(answers.filter((a) => a.problem !== undefined)).toEqual([])
  })
})
