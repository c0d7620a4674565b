import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from './logger.ts'
import { type RunningServer, startServer } from './server.ts'
import { DEMO_PROJECT } from './test-support/harness.ts'

describe('startServer', () => {
  let root: string
  let server: RunningServer
  const lines: string[] = []
  const told: string[] = []

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'sluice-listen-'))
    await cp(DEMO_PROJECT, join(root, 'project'), { recursive: true })
    server = await startServer({
      projectDir: join(root, 'project'),
      dataDir: join(root, 'data'),
      host: '127.0.0.1',
      port: 0,
      logger: createLogger({ destination: { write: (line: string) => void lines.push(line) } }),
      auth: { passwordCost: 1024, onGeneratedPassword: (_user, password) => told.push(password) },
    })
  })
  afterAll(async () => {
    await server.close()
    await rm(root, { recursive: true, force: true })
  })

  it('listens on 127.0.0.1, logs JSON lines and signs the generated admin in', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(await (await fetch(`${server.url}/api/health`)).json()).toEqual({ status: 'ok', assets: 13 })
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: told[0] }),
    })
    expect(login.status).toBe(200)
    expect(login.headers.get('set-cookie')).toMatch(/sluice_session=.+; Path=\/; HttpOnly; SameSite=Strict/)
    const logged = lines.map((line) => JSON.parse(line))
    expect(logged.some((l) => l.req?.url === '/api/auth/login')).toBe(true)
    expect(lines.join('\n')).not.toContain(told[0])
  })
})
