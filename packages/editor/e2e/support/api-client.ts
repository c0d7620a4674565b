/** A signed-in session against the config server's API, for test setup done outside the browser. */
export interface ApiSession {
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>
}

export async function signIn(baseUrl: string, username: string, password: string): Promise<ApiSession> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`)
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  const session: unknown = await login.json()
  const csrf = typeof session === 'object' && session !== null ? Reflect.get(session, 'csrfToken') : undefined
  if (typeof csrf !== 'string') throw new Error('sign-in gave no CSRF token')
  return {
    async request(method, path, body) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          cookie,
          'x-csrf-token': csrf,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(method === 'PUT' || method === 'DELETE' ? await versionHeader(baseUrl, path, cookie) : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      const text = await response.text()
      return { status: response.status, body: text === '' ? undefined : JSON.parse(text) }
    },
  }
}

/** The If-Match header for a change of an asset: its current ETag. */
async function versionHeader(baseUrl: string, path: string, cookie: string): Promise<Record<string, string>> {
  if (!path.startsWith('/api/assets/')) return {}
  const current = await fetch(`${baseUrl}${path}`, { headers: { cookie } })
  const etag = current.headers.get('etag')
  return etag === null ? {} : { 'if-match': etag }
}
