import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Harness, json, startHarness } from '../test-support/harness.ts'
import { at, listAt } from '../test-support/read.ts'

describe('audit trail and events', () => {
  let h: Harness
  const get = (url: string, headers = h.admin) => h.app.inject({ method: 'GET', url, headers })
  const events = async (query: string) => listAt(json(await get(`/api/audit?${query}`)), 'events')

  beforeAll(async () => {
    h = await startHarness()
  })
  afterAll(() => h.close())

  it('records who changed what, with a diff in which secret values are only digests', async () => {
    expect((await h.sealDemoSecret('audit-plain-1')).statusCode).toBe(200)
    const found = await events('target=resource.secret/demo-secrets')
    expect(found).toMatchObject([
      {
        actor: { type: 'user', name: 'admin', via: 'session' },
        action: 'asset.update',
        target: 'resource.secret/demo-secrets',
      },
    ])
    const diff = JSON.stringify(at(found, 0, 'diff'))
    expect(diff).toContain('/spec/values/aws-secret-access-key')
    expect(diff).toMatch(/sealed:sha256:[\w-]+:[0-9a-f]{8}/)
    expect(diff).not.toContain('audit-plain-1')
    expect(diff).not.toContain('v1.')
  })

  it('filters by action prefix, actor and time, and is closed to viewers', async () => {
    const since = new Date().toISOString()
    await h.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: h.admin,
      payload: { username: 'zed', role: 'viewer', password: 'a-long-password-1' },
    })
    expect(await events(`action=user&since=${since}`)).toMatchObject([
      { action: 'user.create', target: 'user/zed' },
    ])
    expect(await events('actor=nobody')).toEqual([])
    const viewer = await h.userOf('viewer')
    expect((await get('/api/audit', viewer)).statusCode).toBe(403)
    const operator = await h.userOf('operator')
    expect((await get('/api/audit?limit=1', operator)).statusCode).toBe(200)
  })

  it('publishes every audit event to an EventBridge bus in eventbridge mode, and none in local mode', async () => {
    const refused = await h.app.inject({
      method: 'PUT',
      url: '/api/settings/events',
      headers: h.admin,
      payload: { mode: 'eventbridge', connection: 'nope', busName: 'audit' },
    })
    expect(refused.statusCode).toBe(422)
    const set = await h.app.inject({
      method: 'PUT',
      url: '/api/settings/events',
      headers: h.admin,
      payload: { mode: 'eventbridge', connection: 'local-aws', busName: 'audit-bus' },
    })
    expect(set.statusCode).toBe(200)
    await h.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: h.admin,
      payload: { username: 'eve', role: 'viewer', password: 'a-long-password-3' },
    })
    await h.services.events.flush()
    const sent = h.gateway.events.flatMap((batch) => batch.events.map((e) => ({ bus: batch.busName, ...e })))
    expect(sent.map((e) => JSON.parse(e.detail).action)).toEqual(['settings.events', 'user.create'])
    expect(sent[0]).toMatchObject({
      bus: 'audit-bus',
      source: 'sluice.config-server',
      detailType: 'Sluice Audit Event',
    })
    expect(h.gateway.calls.at(-1)?.connection.spec).toMatchObject({
      auth: { secretAccessKey: 'audit-plain-1' },
    })
    expect(json(await get('/api/settings/events'))).toMatchObject({
      status: { mode: 'eventbridge', published: 2, failed: 0 },
    })
    await h.app.inject({
      method: 'PUT',
      url: '/api/settings/events',
      headers: h.admin,
      payload: { mode: 'local' },
    })
    await h.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: h.admin,
      payload: { username: 'amy', role: 'viewer', password: 'a-long-password-2' },
    })
    await h.services.events.flush()
    expect(h.gateway.events.flatMap((b) => b.events)).toHaveLength(2)
  })
})
