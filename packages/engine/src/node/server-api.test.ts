import { describe, expect, it } from 'vitest'
import { type Fetch, httpServerApi, ServerError } from './server-api.ts'

const TOKEN = 'sluice_node_secret_token_value'

function api(answer: (url: string, init: RequestInit) => Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = []
  const fetch: Fetch = (url, init) => {
    calls.push({ url, init })
    return answer(url, init)
  }
  return { api: httpServerApi({ url: 'http://127.0.0.1:9/', token: TOKEN, fetch }), calls }
}

const json = (status: number, body: unknown) =>
  Promise.resolve(
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  )

async function failure(promise: Promise<unknown>): Promise<ServerError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof ServerError) return error
    throw error
  }
  throw new Error('expected a ServerError')
}

const registration = {
  nodeId: 'n1',
  cluster: 'default',
  roles: ['s3'],
  version: '0.1.0',
  hostname: 'h',
  keyFingerprints: [],
}
const beat = { generation: 0, state: 'running' as const, startedAt: '', workflows: [], testResults: [] }

describe('the node protocol client', () => {
  it('sends the bearer token and the body, and checks the answer against the protocol', async () => {
    const { api: client, calls } = api(() => json(200, { generation: 3, assignments: [] }))
    const desired = await client.heartbeat('n1', beat)
    expect(desired).toEqual({ generation: 3, assignments: [], tests: [] })
    expect(calls[0]?.url).toBe('http://127.0.0.1:9/api/cluster/nodes/n1/heartbeat')
    expect(calls[0]?.init.method).toBe('POST')
    expect(new Headers(calls[0]?.init.headers).get('authorization')).toBe(`Bearer ${TOKEN}`)
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual(beat)
  })

  it('sorts failures by what the node should do, never repeating the token', async () => {
    const cases: [() => Promise<Response>, string, string][] = [
      [
        () => json(401, { error: { code: 'auth.token-revoked', message: 'revoked' } }),
        'fatal',
        'auth.token-revoked',
      ],
      [
        () => json(403, { error: { code: 'node.wrong-cluster', message: 'no' } }),
        'fatal',
        'node.wrong-cluster',
      ],
      [
        () => json(404, { error: { code: 'node.unknown', message: 'register again' } }),
        'unknown-node',
        'node.unknown',
      ],
      [
        () => json(503, { error: { code: 'service.unavailable', message: 'busy' } }),
        'unreachable',
        'service.unavailable',
      ],
      [
        () => Promise.resolve(new Response('<html>bad gateway</html>', { status: 502 })),
        'unreachable',
        'http.502',
      ],
      [
        () => json(400, { error: { code: 'request.invalid', message: 'bad' } }),
        'rejected',
        'request.invalid',
      ],
      [() => json(200, { generation: 'x' }), 'rejected', 'server.bad-answer'],
      [
        () => Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })),
        'unreachable',
        'server.unreachable',
      ],
    ]
    for (const [answer, kind, code] of cases) {
      const error = await failure(api(answer).api.heartbeat('n1', beat))
      expect({ kind: error.kind, code: error.code }).toEqual({ kind, code })
      expect(error.message).not.toContain(TOKEN)
    }
    const refused = await failure(
      api(() =>
        Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })),
      ).api.register(registration),
    )
    expect(refused.message).toBe('cannot reach the config server at http://127.0.0.1:9 (ECONNREFUSED)')
  })

  it('registers and fetches bundles by escaped id', async () => {
    const { api: client, calls } = api((url) =>
      url.endsWith('/api/cluster/nodes')
        ? json(200, { nodeId: 'n1', heartbeatIntervalMs: 500, lateAfterMs: 1500 })
        : json(404, { error: { code: 'bundle.not-found', message: 'no such bundle' } }),
    )
    expect(await client.register(registration)).toEqual({
      nodeId: 'n1',
      heartbeatIntervalMs: 500,
      lateAfterMs: 1500,
    })
    const missing = await failure(client.bundle('demo@2'))
    expect(missing).toMatchObject({ kind: 'rejected', code: 'bundle.not-found', status: 404 })
    expect(calls[1]?.url).toBe('http://127.0.0.1:9/api/cluster/bundles/demo%402')
  })
})
