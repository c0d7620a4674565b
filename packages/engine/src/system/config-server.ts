import {
  BuiltBundle,
  CreatedToken,
  DeploymentView,
  NodeList,
  type NodeView,
  SessionView,
  type WorkflowPlacement,
} from '@sluice/assets'
import { type Static, type TSchema, Type } from 'typebox'
import Value from 'typebox/value'
import { type Child, type Children, waitFor } from './children.ts'

const Listening = Type.Object({ msg: Type.Literal('sluice-server listening'), url: Type.String() })

/** The options of a config server started for a system test. */
export interface ServerProcessOptions {
  project: string
  data: string
  /** 0 picks a free port; a restart passes the port it had. */
  port: number
  heartbeatIntervalMs: number
  lateAfterMs: number
  adminPassword: string
}

/**
 * Starts `sluice-server` as a child process through its CLI and waits (at most 90 s) for the
 * JSON log line that says where it listens. The first start creates `admin` with `adminPassword`.
 */
export async function startConfigServer(
  children: Children,
  options: ServerProcessOptions,
): Promise<{ child: Child; url: string }> {
  const child = children.spawn(
    'config-server',
    'packages/config-server/src/cli/main.ts',
    [
      '--project',
      options.project,
      '--data',
      options.data,
      '--host',
      '127.0.0.1',
      '--port',
      String(options.port),
      '--heartbeat-interval-ms',
      String(options.heartbeatIntervalMs),
      '--late-after-ms',
      String(options.lateAfterMs),
      '--log-level',
      'info',
    ],
    { SLUICE_ADMIN_PASSWORD: options.adminPassword },
  )
  let url: string | undefined
  await waitFor(
    'the config server to listen',
    () => {
      if (child.hasExited()) throw new Error(`the config server exited:\n${child.output()}`)
      url = listeningUrl(child.output())
      return url !== undefined
    },
    90_000,
    100,
  )
  if (url === undefined) throw new Error('the config server did not say where it listens')
  return { child, url }
}

function listeningUrl(output: string): string | undefined {
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue
    try {
      const value: unknown = JSON.parse(line)
      if (Value.Check(Listening, value)) return value.url
    } catch {}
  }
  return undefined
}

/** An HTTP answer: status and parsed JSON body (undefined when empty). */
export interface Answer {
  status: number
  body: unknown
}

/**
 * The config server's API as an admin uses it, with a bearer token made from a browser-style
 * login. Bodies of answers are checked against the schemas the caller gives.
 */
export class AdminApi {
  readonly url: string
  readonly #token: string
  readonly #tokenId: string

  private constructor(url: string, token: string, tokenId: string) {
    this.url = url
    this.#token = token
    this.#tokenId = tokenId
  }

  /**
   * Signs in as `admin` and makes an API token named `tokenName` for the rest of the test (or of
   * `pnpm start`); {@link revoke} ends it.
   */
  static async login(url: string, password: string, tokenName = 'system-test'): Promise<AdminApi> {
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
      signal: AbortSignal.timeout(60_000),
    })
    const session: unknown = await login.json()
    const cookie = login.headers.get('set-cookie')?.split(';')[0]
    if (!Value.Check(SessionView, session) || session.csrfToken === undefined || cookie === undefined)
      throw new Error(`login failed: ${login.status} ${JSON.stringify(session)}`)
    const made = await fetch(`${url}/api/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': session.csrfToken },
      body: JSON.stringify({ name: tokenName, scopes: ['api'] }),
      signal: AbortSignal.timeout(60_000),
    })
    const token: unknown = await made.json()
    if (!Value.Check(CreatedToken, token))
      throw new Error(`no API token: ${made.status} ${JSON.stringify(token)}`)
    return new AdminApi(url, token.token, token.info.id)
  }

  /** Revokes the API token this session made; it cannot be used afterwards. */
  async revoke(): Promise<void> {
    const answer = await this.send('DELETE', `/api/tokens/${this.#tokenId}`)
    if (answer.status >= 300) throw new Error(`revoking the API token: ${answer.status}`)
  }

  /** Sends a request; never throws on an HTTP error status. */
  async send(method: string, path: string, body?: unknown): Promise<Answer> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.#token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(60_000),
    })
    const text = await response.text()
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) }
  }

  /** Sends a request and checks the answer is `status` with a body fitting `schema`. */
  async expect<S extends TSchema>(
    status: number,
    schema: S,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Static<S>> {
    const answer = await this.send(method, path, body)
    if (answer.status !== status || !Value.Check(schema, answer.body))
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`)
    return answer.body
  }

  /** Makes a node token for `cluster`; returns the token and its id (to revoke it). */
  async nodeToken(cluster: string): Promise<{ token: string; id: string }> {
    const made = await this.expect(201, CreatedToken, 'POST', '/api/tokens', {
      name: `nodes-${cluster}`,
      scopes: [`node:${cluster}`],
    })
    return { token: made.token, id: made.info.id }
  }

  /** Compiles the deployment's next bundle and activates it; returns its version. */
  async deploy(name: string): Promise<number> {
    const built = await this.expect(201, BuiltBundle, 'POST', `/api/deployments/${name}/bundles`)
    await this.expect(200, Type.Object({}), 'POST', `/api/deployments/${name}/activate`, {
      version: built.bundle.version,
    })
    return built.bundle.version
  }

  /** Where the deployment's workflows are placed now. */
  async placement(name: string): Promise<{ workflows: readonly WorkflowPlacement[] }> {
    const view = await this.expect(200, DeploymentView, 'GET', `/api/deployments/${name}`)
    return view.placement ?? { workflows: [] }
  }

  /** The registered nodes, their status and the workflows they report. */
  async nodes(): Promise<readonly NodeView[]> {
    return (await this.expect(200, NodeList, 'GET', '/api/cluster/nodes')).nodes
  }
}

/** `workflow` as a node reports it, if it does. */
export function reported(nodes: readonly NodeView[], nodeId: string, workflow: string): string | undefined {
  return nodes.find((n) => n.nodeId === nodeId)?.workflows.find((w) => w.workflow === workflow)?.state
}
