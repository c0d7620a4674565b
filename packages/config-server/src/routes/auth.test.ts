import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AuthService } from '../auth/auth-service.ts'
import { ADMIN_PASSWORD, type Harness, json, startHarness } from '../test-support/harness.ts'
import { textAt } from '../test-support/read.ts'

describe('auth routes', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness({ loginAttemptsPerMinute: 20 })
  })
  afterAll(() => h.close())

  it('sets an HttpOnly, SameSite=Strict session cookie and answers the CSRF token', async () => {
    const response = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: ADMIN_PASSWORD },
    })
    expect(response.statusCode).toBe(200)
    const cookie = response.cookies.find((c) => c.name === 'sluice_session')
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' })
    expect(json(response)).toMatchObject({ user: { username: 'admin', role: 'admin' }, via: 'session' })
  })

  it('answers 401 with one message for a wrong password and an unknown user', async () => {
    const wrong = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'nope' },
    })
    const unknown = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'ghost', password: 'nope' },
    })
    expect(wrong.statusCode).toBe(401)
    expect(json(wrong)).toEqual(json(unknown))
  })

  it('needs the CSRF token on unsafe requests of a session, but not on reads', async () => {
    const { cookie } = h.admin
    expect((await h.app.inject({ method: 'GET', url: '/api/assets', headers: { cookie } })).statusCode).toBe(
      200,
    )
    const post = await h.app.inject({ method: 'POST', url: '/api/project/reload', headers: { cookie } })
    expect(post.statusCode).toBe(403)
    expect(json(post)).toMatchObject({ error: { code: 'auth.csrf' } })
  })

  it('answers 401 without credentials and 403 for a role that lacks the permission', async () => {
    expect(json(await h.app.inject({ method: 'GET', url: '/api/assets' }))).toMatchObject({
      error: { code: 'auth.required' },
    })
    const viewer = await h.userOf('viewer')
    const denied = await h.app.inject({ method: 'POST', url: '/api/project/reload', headers: viewer })
    expect(denied.statusCode).toBe(403)
    expect(json(denied)).toMatchObject({ error: { code: 'auth.forbidden' } })
  })

  it('refuses a session cookie replayed after logout', async () => {
    const session = await h.login('admin', ADMIN_PASSWORD)
    expect(
      (await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: session })).statusCode,
    ).toBe(204)
    const replayed = await h.app.inject({ method: 'GET', url: '/api/assets', headers: session })
    expect(replayed.statusCode).toBe(401)
    expect(json(replayed)).toMatchObject({ error: { code: 'auth.session-expired' } })
  })

  it('issues bearer tokens shown once, stored hashed, scoped and revocable', async () => {
    const made = await h.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: h.admin,
      payload: { name: 'ci', role: 'integrator', scopes: ['api:read'] },
    })
    expect(made.statusCode).toBe(201)
    const token = textAt(json(made), 'token')
    const id = textAt(json(made), 'info', 'id')
    expect(token).toMatch(/^sluice_[0-9a-f]{16}\./)
    const stored = await readFile(join(h.dataDir, 'tokens.json'), 'utf8')
    expect(stored).not.toContain(token.split('.')[1])
    const bearer = { authorization: `Bearer ${token}` }
    expect((await h.app.inject({ method: 'GET', url: '/api/assets', headers: bearer })).statusCode).toBe(200)
    const write = await h.app.inject({ method: 'POST', url: '/api/project/reload', headers: bearer })
    expect(json(write)).toMatchObject({ error: { code: 'auth.forbidden' } })
    const listed = json(await h.app.inject({ method: 'GET', url: '/api/tokens', headers: h.admin }))
    expect(JSON.stringify(listed)).not.toContain(token)
    expect(
      (await h.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: h.admin })).statusCode,
    ).toBe(200)
    const revoked = await h.app.inject({ method: 'GET', url: '/api/assets', headers: bearer })
    expect(revoked.statusCode).toBe(401)
    expect(json(revoked)).toMatchObject({ error: { code: 'auth.token-revoked' } })
    const forged = await h.app.inject({
      method: 'GET',
      url: '/api/assets',
      headers: { authorization: `Bearer ${token.slice(0, -2)}xx` },
    })
    expect(json(forged)).toMatchObject({ error: { code: 'auth.token-invalid' } })
  })

  it('never lets a token outrank its user', async () => {
    const operator = await h.userOf('operator')
    const response = await h.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: operator,
      payload: { name: 'x', role: 'admin', scopes: ['api'] },
    })
    expect(response.statusCode).toBe(403)
    const node = await h.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: operator,
      payload: { name: 'n', scopes: ['node:eu'] },
    })
    expect(node.statusCode).toBe(403)
  })

  it('limits sign-in attempts per client', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 30 }, () =>
        h.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: '10.9.8.7',
          payload: { username: 'admin', password: 'wrong' },
        }),
      ),
    )
    const limited = attempts.filter((r) => r.statusCode === 429)
    expect(limited.length).toBeGreaterThan(0)
    for (const response of limited)
      expect(json(response)).toMatchObject({ error: { code: 'auth.rate-limited' } })
  })
})

describe('first run', () => {
  it('creates the admin with a generated password told once, and not again', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sluice-bootstrap-'))
    try {
      const told: string[] = []
      const first = await AuthService.open(dataDir, {
        passwordCost: 1024,
        onGeneratedPassword: (_u, p) => told.push(p),
      })
      expect(told).toHaveLength(1)
      expect(await first.users.verify('admin', told[0] ?? '')).toMatchObject({ role: 'admin' })
      expect(await readFile(join(dataDir, 'users.json'), 'utf8')).not.toContain(told[0])
      await AuthService.open(dataDir, { passwordCost: 1024, onGeneratedPassword: (_u, p) => told.push(p) })
      expect(told).toHaveLength(1)
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
