import { ErrorBody, type IssueView } from '@sluice/assets'
import type { Static, TSchema } from 'typebox'
import Value from 'typebox/value'
import type { NetworkStatus } from './network-status.ts'

/**
 * A request that did not succeed. `status` 0 means no answer at all (`network.unreachable`,
 * `network.timeout`); otherwise `code`, `message` and `issues` are the server's error body.
 */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly issues: readonly IssueView[]

  constructor(status: number, code: string, message: string, issues: readonly IssueView[] = []) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.issues = issues
  }
}

export interface HttpResponse {
  status: number
  etag?: string
  body: unknown
}

export interface RequestOptions {
  json?: unknown
  headers?: Record<string, string>
  timeoutMs?: number
  /** Do not treat a 401 as an expired session (the login request itself). */
  anonymous?: boolean
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const SESSION_CODES = new Set(['auth.required', 'auth.session-expired'])

/**
 * Requests to the config server on the same origin: JSON in and out, the session's CSRF token on
 * every unsafe request, a time limit, and one error type. The CSRF token lives in memory only.
 */
export class Http {
  #csrf: string | undefined
  readonly #status: NetworkStatus
  readonly #onSessionLost: () => void
  readonly #timeoutMs: number

  constructor(options: { status: NetworkStatus; onSessionLost: () => void; timeoutMs?: number }) {
    this.#status = options.status
    this.#onSessionLost = options.onSessionLost
    this.#timeoutMs = options.timeoutMs ?? 30_000
  }

  setCsrfToken(token: string | undefined): void {
    this.#csrf = token
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers }
    if (options.json !== undefined) headers['content-type'] = 'application/json'
    if (UNSAFE.has(method) && this.#csrf) headers['x-csrf-token'] = this.#csrf
    const controller = new AbortController()
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs
    const timer = setTimeout(() => controller.abort(), timeoutMs)
    const done = this.#status.begin()
    let response: Response
    try {
      response = await fetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        signal: controller.signal,
        ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
      })
    } catch {
      done('unreachable')
      throw controller.signal.aborted
        ? new ApiError(
            0,
            'network.timeout',
            `The config server did not answer within ${Math.round(timeoutMs / 1000)} s.`,
          )
        : new ApiError(
            0,
            'network.unreachable',
            'Cannot reach the config server. Your changes are kept in this page.',
          )
    } finally {
      clearTimeout(timer)
    }
    done('answered')
    const body = await readBody(response)
    if (!response.ok) throw this.#failure(response.status, body, options.anonymous === true)
    const etag = response.headers.get('etag')
    return { status: response.status, body, ...(etag === null ? {} : { etag }) }
  }

  /** Requests and checks the answer against `schema`. */
  async get<S extends TSchema>(schema: S, path: string, options?: RequestOptions): Promise<Decoded<S>> {
    const response = await this.request('GET', path, options)
    return { ...response, body: decode(schema, response.body, path) }
  }

  async send<S extends TSchema>(
    schema: S,
    method: string,
    path: string,
    options?: RequestOptions,
  ): Promise<Decoded<S>> {
    const response = await this.request(method, path, options)
    return { ...response, body: decode(schema, response.body, path) }
  }

  #failure(status: number, body: unknown, anonymous: boolean): ApiError {
    if (!Value.Check(ErrorBody, body))
      return new ApiError(
        status,
        'http.error',
        `The server answered ${status}${typeof body === 'string' && body ? `: ${body.slice(0, 200)}` : ''}`,
      )
    const { code, message, issues } = body.error
    if (status === 401 && !anonymous && SESSION_CODES.has(code)) this.#onSessionLost()
    return new ApiError(status, code, message, issues ?? [])
  }
}

export interface Decoded<S extends TSchema> {
  status: number
  etag?: string
  body: Static<S>
}

/** Checks an answer against its schema; a mismatch is an `ApiError`, never a cast. */
export function decode<S extends TSchema>(schema: S, value: unknown, what: string): Static<S> {
  if (Value.Check(schema, value)) return value
  const first = Value.Errors(schema, value)[0]
  throw new ApiError(
    0,
    'response.invalid',
    `Unexpected answer from ${what}: ${first ? `${first.instancePath} ${first.message}` : 'wrong shape'}`,
  )
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text()
  if (text === '') return undefined
  if (!(response.headers.get('content-type') ?? '').includes('json')) return text
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
