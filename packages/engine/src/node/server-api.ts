import {
  Bundle,
  DesiredState,
  ErrorBody,
  type Heartbeat,
  NodeRegistered,
  type NodeRegistration,
} from '@sluice/assets'
import type { Static, TSchema } from 'typebox'
import Value from 'typebox/value'

/**
 * How a call to the config server failed, which decides what the node does next:
 * `unreachable` (network, timeout, 5xx, 429: keep running, retry with backoff),
 * `unknown-node` (the server forgot the node: register again), `fatal` (401/403: the token is
 * bad, revoked or for another cluster: stop), `rejected` (any other refusal or an answer that
 * does not fit the protocol).
 */
export type ServerErrorKind = 'unreachable' | 'unknown-node' | 'fatal' | 'rejected'

/** A failed call to the config server: a kind, a stable code and a message without the token. */
export class ServerError extends Error {
  readonly kind: ServerErrorKind
  readonly code: string
  readonly status: number | undefined

  constructor(kind: ServerErrorKind, code: string, message: string, status?: number) {
    super(message)
    this.name = 'ServerError'
    this.kind = kind
    this.code = code
    this.status = status
  }
}

/** The node protocol as the engine node uses it (see `@sluice/assets` `cluster/protocol.ts`). */
export interface ServerApi {
  register(registration: NodeRegistration): Promise<NodeRegistered>
  heartbeat(nodeId: string, beat: Heartbeat): Promise<DesiredState>
  bundle(bundleId: string): Promise<Bundle>
}

/** `fetch` as the client needs it; tests pass their own. */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>

export interface HttpServerApiOptions {
  /** The config server's base URL, e.g. `https://sluice.example.com`. */
  readonly url: string
  /** A node token (`node:<cluster>` scope), sent as a bearer token and never logged. */
  readonly token: string
  /** Time limit of one request (default 10 s). */
  readonly timeoutMs?: number
  readonly fetch?: Fetch
}

function kindOf(status: number, code: string): ServerErrorKind {
  if (status >= 500 || status === 429 || status === 408) return 'unreachable'
  if (status === 404 && code === 'node.unknown') return 'unknown-node'
  if (status === 401 || status === 403) return 'fatal'
  return 'rejected'
}

function causeOf(error: unknown): string {
  const cause: unknown = error instanceof Error ? error.cause : undefined
  const code: unknown = typeof cause === 'object' && cause !== null ? Reflect.get(cause, 'code') : undefined
  if (typeof code === 'string') return code
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out'
  return error instanceof Error ? error.message : String(error)
}

/** The node protocol over HTTP with a bearer token; every answer is checked against its schema. */
export function httpServerApi(options: HttpServerApiOptions): ServerApi {
  const base = options.url.replace(/\/+$/, '')
  const timeoutMs = options.timeoutMs ?? 10_000
  const send = options.fetch ?? ((url: string, init: RequestInit) => fetch(url, init))

  async function call<S extends TSchema>(
    method: 'GET' | 'POST',
    path: string,
    schema: S,
    body?: unknown,
  ): Promise<Static<S>> {
    let response: Response
    let text: string
    try {
      response = await send(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${options.token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      })
      text = await response.text()
    } catch (error) {
      throw new ServerError(
        'unreachable',
        'server.unreachable',
        `cannot reach the config server at ${base} (${causeOf(error)})`,
      )
    }
    let value: unknown
    try {
      value = text === '' ? undefined : JSON.parse(text)
    } catch {
      value = undefined
    }
    if (!response.ok) {
      const code = Value.Check(ErrorBody, value) ? value.error.code : `http.${response.status}`
      const message = Value.Check(ErrorBody, value) ? value.error.message : response.statusText
      throw new ServerError(
        kindOf(response.status, code),
        code,
        `${method} ${path}: the config server answered ${response.status} ${code}: ${message}`,
        response.status,
      )
    }
    const checked = value === undefined ? value : Value.Default(schema, value)
    if (!Value.Check(schema, checked)) {
      const first = [...Value.Errors(schema, checked)][0]
      throw new ServerError(
        'rejected',
        'server.bad-answer',
        `${method} ${path}: the answer does not fit the node protocol (${first?.instancePath || '/'}: ${first?.message ?? 'invalid'}); are the server and the engine of compatible versions?`,
      )
    }
    return checked
  }

  return {
    register: (registration) => call('POST', '/api/cluster/nodes', NodeRegistered, registration),
    heartbeat: (nodeId, beat) =>
      call('POST', `/api/cluster/nodes/${encodeURIComponent(nodeId)}/heartbeat`, DesiredState, beat),
    bundle: (bundleId) => call('GET', `/api/cluster/bundles/${encodeURIComponent(bundleId)}`, Bundle),
  }
}
