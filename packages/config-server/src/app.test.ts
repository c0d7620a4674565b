import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from './app.ts'
import { type Harness, json, startHarness } from './test-support/harness.ts'
import { at } from './test-support/read.ts'

describe('the app', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness()
  })
  afterAll(() => h.close())

  it('publishes an OpenAPI 3.1 document with security on every protected route', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/api/openapi.json' })
    expect(response.statusCode).toBe(200)
    const document = json(response)
    expect(at(document, 'openapi')).toBe('3.1.0')
    expect(Object.keys(at(document, 'paths') ?? {})).toEqual(
      expect.arrayContaining(['/api/assets', '/api/assets/{kind}/{name}']),
    )
    expect(at(document, 'paths', '/api/assets', 'get', 'security')).toEqual([{ bearer: [] }, { session: [] }])
    expect(at(document, 'paths', '/api/auth/login', 'post', 'security')).toBeUndefined()
    const ui = await h.app.inject({ method: 'GET', url: '/api/docs/' })
    expect(ui.statusCode).toBe(200)
    expect(ui.headers['content-type']).toContain('text/html')
  })

  it('answers an unknown route with the error shape', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/api/nothing-here' })
    expect(response.statusCode).toBe(404)
    expect(json(response)).toEqual({
      error: { code: 'route.not-found', message: 'no route GET /api/nothing-here' },
    })
  })

  it('describes a malformed body without echoing it', async () => {
    const response = await h.app.inject({
      method: 'POST',
      url: '/api/assets',
      headers: { ...h.admin, 'content-type': 'application/json' },
      payload: '{"kind": "resource.secret", "spec": {"values": {"k": {"value": "hunter2-plaintext"',
    })
    expect(response.statusCode).toBe(400)
    expect(json(response)).toMatchObject({ error: { code: 'request.malformed' } })
    expect(response.body).not.toContain('hunter2')
  })

  it('answers 413 for a body over the limit, and 400 with issues for one of the wrong shape', async () => {
    const big = await h.app.inject({
      method: 'POST',
      url: '/api/assets',
      headers: h.admin,
      payload: {
        kind: 'resource.environment',
        name: 'big',
        spec: { variables: { A: 'x'.repeat(2 * 1024 * 1024) } },
      },
    })
    expect(big.statusCode).toBe(413)
    expect(json(big)).toMatchObject({ error: { code: 'request.too-large' } })
    const wrong = await h.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: h.admin,
      payload: { username: 'Bad Name', role: 'boss' },
    })
    expect(wrong.statusCode).toBe(400)
    expect(json(wrong)).toMatchObject({
      error: {
        code: 'request.invalid',
        issues: [
          { path: '/password', code: 'schema.required' },
          { path: '/username', code: 'schema.pattern' },
          { path: '/role', code: 'schema.enum' },
        ],
      },
    })
  })

  it("serves the editor's build with a fallback to its index.html, leaving /api alone", async () => {
    const editorDir = await mkdtemp(join(tmpdir(), 'sluice-editor-'))
    await writeFile(join(editorDir, 'index.html'), '<!doctype html><title>Sluice</title>')
    await writeFile(join(editorDir, 'app.js'), 'console.log(1)')
    const app = await buildApp({ services: h.services, editorDir })
    try {
      expect((await app.inject({ method: 'GET', url: '/' })).body).toContain('<title>Sluice</title>')
      expect((await app.inject({ method: 'GET', url: '/app.js' })).headers['content-type']).toContain(
        'javascript',
      )
      expect((await app.inject({ method: 'GET', url: '/workflows/orders' })).body).toContain(
        '<title>Sluice</title>',
      )
      const api = await app.inject({ method: 'GET', url: '/api/nothing' })
      expect(api.statusCode).toBe(404)
      expect(json(api)).toMatchObject({ error: { code: 'route.not-found' } })
    } finally {
      await app.close()
      await rm(editorDir, { recursive: true, force: true })
    }
  })

  it('is alive', async () => {
    expect(json(await h.app.inject({ method: 'GET', url: '/api/health' }))).toEqual({
      status: 'ok',
      assets: 13,
    })
  })
})
