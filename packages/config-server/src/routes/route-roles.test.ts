import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nodeToken } from '../test-support/fake-node.ts'
import { type Harness, json, startHarness } from '../test-support/harness.ts'
import { at, textAt } from '../test-support/read.ts'

type Who = 'admin' | 'integrator' | 'operator' | 'viewer' | 'node' | 'anonymous'
const USERS = ['admin', 'integrator', 'operator', 'viewer'] as const
const EVERYONE: Who[] = [...USERS]
const WRITERS: Who[] = ['admin', 'integrator']
const TESTERS: Who[] = ['admin', 'integrator', 'operator']
const OPERATORS: Who[] = ['admin', 'operator']
const ADMINS: Who[] = ['admin']
const NODES: Who[] = ['node']

interface Row {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** The OpenAPI path, and the URL called for it. */
  path: string
  url: string
  allowed: Who[] | 'public'
  payload?: object | string
  headers?: Record<string, string>
}

const heartbeat = {
  generation: 0,
  state: 'running',
  startedAt: '2026-01-01T00:00:00Z',
  workflows: [],
  testResults: [],
}
const registration = {
  nodeId: 'matrix-node',
  cluster: 'default',
  roles: [],
  version: '0.1.0',
  hostname: 'h',
  keyFingerprints: [],
}

/** Every route and who may call it, written out independently of the permission table in the code. */
const MATRIX: Row[] = [
  { method: 'GET', path: '/api/health', url: '/api/health', allowed: 'public' },
  {
    method: 'POST',
    path: '/api/auth/login',
    url: '/api/auth/login',
    allowed: 'public',
    payload: { username: 'nobody', password: 'x' },
  },
  { method: 'POST', path: '/api/auth/logout', url: '/api/auth/logout', allowed: EVERYONE },
  { method: 'GET', path: '/api/auth/session', url: '/api/auth/session', allowed: EVERYONE },
  {
    method: 'POST',
    path: '/api/auth/password',
    url: '/api/auth/password',
    allowed: EVERYONE,
    payload: { currentPassword: 'wrong', newPassword: 'a-new-long-password' },
  },
  { method: 'GET', path: '/api/assets', url: '/api/assets', allowed: EVERYONE },
  {
    method: 'POST',
    path: '/api/assets',
    url: '/api/assets',
    allowed: WRITERS,
    payload: { kind: 'sink.sqs', name: 'bad', spec: {} },
  },
  {
    method: 'GET',
    path: '/api/assets/{kind}/{name}',
    url: '/api/assets/sink.sqs/audit-queue',
    allowed: EVERYONE,
  },
  {
    method: 'PUT',
    path: '/api/assets/{kind}/{name}',
    url: '/api/assets/sink.sqs/audit-queue',
    allowed: WRITERS,
    payload: { spec: {} },
  },
  {
    method: 'DELETE',
    path: '/api/assets/{kind}/{name}',
    url: '/api/assets/sink.sqs/audit-queue',
    allowed: WRITERS,
  },
  {
    method: 'GET',
    path: '/api/assets/{kind}/{name}/yaml',
    url: '/api/assets/sink.sqs/audit-queue/yaml',
    allowed: EVERYONE,
  },
  {
    method: 'POST',
    path: '/api/assets/{kind}/{name}/rename',
    url: '/api/assets/sink.sqs/audit-queue/rename',
    allowed: WRITERS,
    payload: { newName: 'renamed' },
  },
  {
    method: 'GET',
    path: '/api/assets/{kind}/{name}/usages',
    url: '/api/assets/sink.sqs/audit-queue/usages',
    allowed: EVERYONE,
  },
  { method: 'GET', path: '/api/validation', url: '/api/validation', allowed: EVERYONE },
  { method: 'GET', path: '/api/project/export', url: '/api/project/export', allowed: EVERYONE },
  {
    method: 'POST',
    path: '/api/project/import',
    url: '/api/project/import',
    allowed: WRITERS,
    payload: 'kind: nope\n',
    headers: { 'content-type': 'application/yaml' },
  },
  { method: 'POST', path: '/api/project/reload', url: '/api/project/reload', allowed: WRITERS },
  { method: 'GET', path: '/api/schemas', url: '/api/schemas', allowed: EVERYONE },
  { method: 'GET', path: '/api/schemas/{kind}', url: '/api/schemas/sink.sqs', allowed: EVERYONE },
  {
    method: 'GET',
    path: '/api/macros/completions',
    url: '/api/macros/completions?deployment=demo',
    allowed: EVERYONE,
  },
  { method: 'GET', path: '/api/iam-policy', url: '/api/iam-policy?deployment=demo', allowed: EVERYONE },
  { method: 'GET', path: '/api/users', url: '/api/users', allowed: ADMINS },
  { method: 'POST', path: '/api/users', url: '/api/users', allowed: ADMINS, payload: { username: 'x' } },
  {
    method: 'PATCH',
    path: '/api/users/{username}',
    url: '/api/users/nobody',
    allowed: ADMINS,
    payload: { disabled: true },
  },
  { method: 'DELETE', path: '/api/users/{username}', url: '/api/users/nobody', allowed: ADMINS },
  { method: 'GET', path: '/api/tokens', url: '/api/tokens', allowed: EVERYONE },
  {
    method: 'POST',
    path: '/api/tokens',
    url: '/api/tokens',
    allowed: EVERYONE,
    payload: { name: 'read', role: 'viewer', scopes: ['api:read'] },
  },
  { method: 'DELETE', path: '/api/tokens/{id}', url: '/api/tokens/0000000000000000', allowed: EVERYONE },
  { method: 'GET', path: '/api/keys', url: '/api/keys', allowed: EVERYONE },
  { method: 'POST', path: '/api/keys/server/rotate', url: '/api/keys/server/rotate', allowed: ADMINS },
  {
    method: 'POST',
    path: '/api/secrets/{name}/rotate',
    url: '/api/secrets/demo-secrets/rotate',
    allowed: WRITERS,
    payload: { keyFingerprint: 'sha256:none' },
  },
  { method: 'GET', path: '/api/clusters', url: '/api/clusters', allowed: EVERYONE },
  {
    method: 'PUT',
    path: '/api/clusters/{name}',
    url: '/api/clusters/matrix',
    allowed: ADMINS,
    payload: { description: 'from the matrix' },
  },
  {
    method: 'POST',
    path: '/api/cluster/nodes',
    url: '/api/cluster/nodes',
    allowed: NODES,
    payload: registration,
  },
  { method: 'GET', path: '/api/cluster/nodes', url: '/api/cluster/nodes', allowed: EVERYONE },
  {
    method: 'POST',
    path: '/api/cluster/nodes/{nodeId}/heartbeat',
    url: '/api/cluster/nodes/matrix-node/heartbeat',
    allowed: NODES,
    payload: heartbeat,
  },
  {
    method: 'GET',
    path: '/api/cluster/bundles/{bundleId}',
    url: '/api/cluster/bundles/demo@1',
    allowed: NODES,
  },
  {
    method: 'DELETE',
    path: '/api/cluster/nodes/{nodeId}',
    url: '/api/cluster/nodes/no-such-node',
    allowed: ADMINS,
  },
  { method: 'GET', path: '/api/deployments', url: '/api/deployments', allowed: EVERYONE },
  { method: 'GET', path: '/api/deployments/{name}', url: '/api/deployments/demo', allowed: EVERYONE },
  {
    method: 'POST',
    path: '/api/deployments/{name}/bundles',
    url: '/api/deployments/no-such/bundles',
    allowed: TESTERS,
  },
  {
    method: 'GET',
    path: '/api/deployments/{name}/bundles/{version}',
    url: '/api/deployments/demo/bundles/1',
    allowed: EVERYONE,
  },
  {
    method: 'POST',
    path: '/api/deployments/{name}/activate',
    url: '/api/deployments/demo/activate',
    allowed: TESTERS,
    payload: { version: 99 },
  },
  {
    method: 'POST',
    path: '/api/deployments/{name}/rollback',
    url: '/api/deployments/no-such/rollback',
    allowed: TESTERS,
    payload: {},
  },
  {
    method: 'POST',
    path: '/api/deployments/{name}/deactivate',
    url: '/api/deployments/no-such/deactivate',
    allowed: TESTERS,
  },
  {
    method: 'POST',
    path: '/api/deployments/{name}/workflows/{workflow}/{action}',
    url: '/api/deployments/no-such/workflows/w/stop',
    allowed: OPERATORS,
  },
  { method: 'GET', path: '/api/operations', url: '/api/operations', allowed: EVERYONE },
  { method: 'GET', path: '/api/operations/events', url: '/api/operations/events', allowed: EVERYONE },
  {
    method: 'POST',
    path: '/api/assets/{kind}/{name}/test',
    url: '/api/assets/workflow/orders-fanout/test',
    allowed: TESTERS,
  },
  {
    method: 'GET',
    path: '/api/assets/{kind}/{name}/test',
    url: '/api/assets/sink.sqs/audit-queue/test',
    allowed: EVERYONE,
  },
  {
    method: 'GET',
    path: '/api/connections/{name}/listings/{listing}',
    url: '/api/connections/no-such/listings/queues',
    allowed: TESTERS,
  },
  {
    method: 'POST',
    path: '/api/assets/source.s3/{name}/presign',
    url: '/api/assets/source.s3/no-such/presign',
    allowed: WRITERS,
    payload: { fileName: 'a.txt' },
  },
  { method: 'GET', path: '/api/audit', url: '/api/audit', allowed: OPERATORS },
  { method: 'GET', path: '/api/settings/events', url: '/api/settings/events', allowed: ADMINS },
  {
    method: 'PUT',
    path: '/api/settings/events',
    url: '/api/settings/events',
    allowed: ADMINS,
    payload: { mode: 'local' },
  },
]

const DENIED = new Set(['auth.required', 'auth.forbidden', 'auth.csrf', 'auth.token-invalid'])

describe('every route × every role', () => {
  let h: Harness
  let base: string
  const credentials = new Map<Who, Record<string, string>>()

  beforeAll(async () => {
    h = await startHarness()
    base = await h.app.listen({ host: '127.0.0.1', port: 0 })
    for (const role of USERS) {
      await h.services.auth.users.create({
        username: `matrix-${role}`,
        role,
        password: `password-of-matrix-${role}`,
      })
      credentials.set(role, await h.login(`matrix-${role}`, `password-of-matrix-${role}`))
    }
    credentials.set('node', { authorization: `Bearer ${await nodeToken(h)}` })
    credentials.set('anonymous', {})
  })
  afterAll(() => h.close())

  it('lists every route of the OpenAPI document in the matrix', async () => {
    const paths = at(json(await h.app.inject({ method: 'GET', url: '/api/openapi.json' })), 'paths')
    const routes = Object.entries(paths ?? {}).flatMap(([path, operations]) =>
      Object.keys(operations ?? {}).map((method) => `${method.toUpperCase()} ${path}`),
    )
    expect(MATRIX.map((r) => `${r.method} ${r.path}`).sort()).toEqual(routes.sort())
  })

  const callers: Who[] = [...USERS, 'node', 'anonymous']
  for (const row of MATRIX)
    for (const who of callers)
      it(`${row.method} ${row.path} as ${who}`, async () => {
        const allowed = row.allowed === 'public' || row.allowed.includes(who)
        const headers = { ...credentials.get(who), ...row.headers }
        if (row.url === '/api/operations/events') {
          const controller = new AbortController()
          const response = await fetch(`${base}${row.url}`, { headers, signal: controller.signal })
          controller.abort()
          expect(response.status === 200).toBe(allowed)
          return
        }
        const payload = row.payload === undefined ? {} : { payload: row.payload }
        const response = await h.app.inject({ method: row.method, url: row.url, headers, ...payload })
        if (row.path === '/api/auth/logout' && who !== 'node' && who !== 'anonymous')
          credentials.set(who, await h.login(`matrix-${who}`, `password-of-matrix-${who}`))
        expect(response.statusCode).toBeLessThan(500)
        const code = response.statusCode >= 400 ? textAt(json(response), 'error', 'code') : ''
        if (allowed) expect(DENIED.has(code)).toBe(false)
        else expect(code).toBe(who === 'anonymous' ? 'auth.required' : 'auth.forbidden')
      })
})
