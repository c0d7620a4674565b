import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Role } from '@sluice/assets'
import type { FastifyBaseLogger, FastifyInstance, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../app.ts'
import { FakeGateway } from '../probes/fake-gateway.ts'
import { openServices, type ServiceOptions, type Services } from '../services/services.ts'

/** The demo project of the repository, copied for each test that writes. */
export const DEMO_PROJECT = join(import.meta.dirname, '..', '..', '..', '..', 'examples', 'demo')

export const ADMIN_PASSWORD = 'admin-password-for-tests'

/** A server over a copy of a project, with a fresh data directory and an admin signed in. */
export interface Harness {
  app: FastifyInstance
  services: Services
  projectDir: string
  dataDir: string
  /** The AWS calls the server made (a fake unless the test passed a real gateway). */
  gateway: FakeGateway
  /** Headers of a session of `username` (cookie and CSRF token). */
  login(username: string, password: string): Promise<Record<string, string>>
  /** Replaces an asset as the admin, sending the version it has now. */
  put(kind: string, name: string, body: object): Promise<LightMyRequestResponse>
  /** Reseals the demo's secret value to the server key, so tests can run on the server. */
  sealDemoSecret(plaintext: string): Promise<LightMyRequestResponse>
  /** Creates a user of `role` and returns the headers of their session. */
  userOf(role: Role): Promise<Record<string, string>>
  admin: Record<string, string>
  close(): Promise<void>
}

/** Parses a JSON response body, failing the test with the body when it is not JSON. */
export function json(response: LightMyRequestResponse): unknown {
  try {
    return JSON.parse(response.body)
  } catch {
    throw new Error(`not JSON (${response.statusCode}): ${response.body.slice(0, 200)}`)
  }
}

/** Starts a harness; `project: null` starts with an empty project. */
export async function startHarness(
  options: {
    project?: string | null
    services?: Partial<ServiceOptions>
    loginAttemptsPerMinute?: number
    logger?: FastifyBaseLogger
  } = {},
): Promise<Harness> {
  const root = await mkdtemp(join(tmpdir(), 'sluice-server-'))
  const projectDir = join(root, 'project')
  const dataDir = join(root, 'data')
  const source = options.project === undefined ? DEMO_PROJECT : options.project
  if (source === null) await mkdir(projectDir, { recursive: true })
  else await cp(source, projectDir, { recursive: true })
  const gateway = new FakeGateway()
  const services = await openServices({
    projectDir,
    dataDir,
    watch: false,
    aws: gateway,
    auth: { adminPassword: ADMIN_PASSWORD, passwordCost: 1024 },
    ...options.services,
  })
  const app = await buildApp({
    services,
    loginAttemptsPerMinute: options.loginAttemptsPerMinute ?? 1000,
    ...(options.logger ? { logger: options.logger } : {}),
  })
  const login = async (username: string, password: string) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
    })
    if (response.statusCode !== 200) throw new Error(`login of ${username} failed: ${response.body}`)
    const cookie = response.cookies.find((c) => c.name === 'sluice_session')
    const body = json(response)
    const csrf = typeof body === 'object' && body !== null ? Reflect.get(body, 'csrfToken') : undefined
    if (!cookie || typeof csrf !== 'string') throw new Error('login gave no session')
    return { cookie: `sluice_session=${cookie.value}`, 'x-csrf-token': csrf }
  }
  const admin = await login('admin', ADMIN_PASSWORD)
  let users = 0
  const put = async (kind: string, name: string, body: object) => {
    const url = `/api/assets/${kind}/${name}`
    const current = await app.inject({ method: 'GET', url, headers: admin })
    return app.inject({
      method: 'PUT',
      url,
      headers: { ...admin, 'if-match': current.headers.etag ?? '' },
      payload: body,
    })
  }
  return {
    app,
    services,
    projectDir,
    dataDir,
    gateway,
    login,
    admin,
    put,
    sealDemoSecret: (plaintext) =>
      put('resource.secret', 'demo-secrets', {
        spec: {
          keyFingerprint: services.secrets.activeServerKey,
          values: { 'aws-secret-access-key': { value: plaintext } },
        },
      }),
    async userOf(role) {
      users += 1
      const username = `${role}-${users}`
      const password = `password-of-${username}`
      await services.auth.users.create({ username, role, password })
      return login(username, password)
    },
    async close() {
      await app.close()
      await services.close()
      await rm(root, { recursive: true, force: true })
    },
  }
}
