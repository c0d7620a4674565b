import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { listenOnLoopback } from '../listen.ts'
import { type CredentialStore, createCredentialStore, type Principal } from './credentials.ts'
import { AuthError, authErrorFor, StandInError } from './errors.ts'
import {
  AMZ_JSON_11,
  createEventBridgeHandler,
  EVENTBRIDGE_TARGET_PREFIX,
  type EventBridgeHandler,
  jsonErrorBody,
} from './eventbridge.ts'
import { createSqsDeliverer } from './eventbridge-delivery.ts'
import { createEventBridgeState, type RecordedEvent } from './eventbridge-state.ts'
import { readBody, send } from './http.ts'
import { type IssuedSession, isDenied, type RoleRule, type RoleRules } from './roles.ts'
import {
  createRolesAnywhereHandler,
  type RolesAnywhereAnswer,
  type RolesAnywhereOptions,
} from './roles-anywhere.ts'
import type { WireRequest } from './sigv4.ts'
import { createStsHandler, UNSIGNED_STS_ACTIONS } from './sts.ts'
import { queryErrorResponse } from './sts-xml.ts'

/** Options of {@link startStandIn}. */
export interface StandInOptions {
  readonly port?: number
  readonly region?: string
  readonly account?: string
  /** The long-term credentials the stand-in accepts (default `test`/`test`). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string }
  /** The SQS endpoint (fauxqs) that SQS rule targets are delivered to. */
  readonly sqsEndpoint?: string
  /** Per-role rules (AssumeRole, web identity, Roles Anywhere, denied actions), keyed by role name or ARN. */
  readonly roles?: Readonly<Record<string, RoleRule>>
  /** IAM Roles Anywhere `POST /sessions`: the trust anchors it accepts certificates from. */
  readonly rolesAnywhere?: RolesAnywhereOptions
}

/** A running stand-in. */
export interface StandIn {
  readonly endpoint: string
  readonly port: number
  /** Events accepted by PutEvents so far, with the outcome of each delivery. */
  events(): readonly RecordedEvent[]
  /** Temporary credentials issued so far (AssumeRole, AssumeRoleWithWebIdentity, CreateSession), oldest first. */
  sessions(): readonly IssuedSession[]
  /** Resolves once every delivery started so far has finished. */
  idle(): Promise<void>
  stop(): Promise<void>
}

const MAX_BODY_BYTES = 8 * 1024 * 1024

type Protocol = 'json' | 'query'

function sendError(res: ServerResponse, protocol: Protocol, error: StandInError): void {
  const requestId = randomUUID()
  if (protocol === 'json') {
    send(res, error.status, AMZ_JSON_11, jsonErrorBody(error), {
      'x-amzn-RequestId': requestId,
      'x-amzn-ErrorType': error.code,
    })
  } else {
    send(res, error.status, 'text/xml', queryErrorResponse(error), { 'x-amzn-RequestId': requestId })
  }
}

function asStandInError(protocol: Protocol, err: unknown): StandInError {
  if (err instanceof StandInError) return err
  if (err instanceof AuthError) return authErrorFor(protocol, err)
  const message = err instanceof Error ? err.message : String(err)
  return new StandInError(protocol === 'json' ? 'InternalException' : 'InternalFailure', message, 500, false)
}

interface Services {
  readonly region: string
  readonly store: CredentialStore
  readonly roles: RoleRules
  readonly eventbridge: EventBridgeHandler
  readonly sts: (params: URLSearchParams, caller: Principal | undefined) => string
  readonly rolesAnywhere: (wire: WireRequest) => RolesAnywhereAnswer
  readonly events: RecordedEvent[]
}

function handleEventBridge(services: Services, wire: WireRequest, target: string, res: ServerResponse): void {
  try {
    const principal = services.store.authenticate(wire, { service: 'events', region: services.region })
    const operation = target.slice(EVENTBRIDGE_TARGET_PREFIX.length)
    if (isDenied(services.roles, principal, `events:${operation}`))
      throw new StandInError(
        'AccessDeniedException',
        `User: ${principal.arn} is not authorized to perform: events:${operation} because no identity-based policy allows the events:${operation} action`,
        400,
      )
    const body = services.eventbridge(operation, Buffer.from(wire.body), principal)
    send(res, 200, AMZ_JSON_11, body, { 'x-amzn-RequestId': randomUUID() })
  } catch (err) {
    sendError(res, 'json', asStandInError('json', err))
  }
}

function handleSts(services: Services, wire: WireRequest, res: ServerResponse): void {
  try {
    const query = wire.url.includes('?') ? wire.url.slice(wire.url.indexOf('?') + 1) : ''
    const params = new URLSearchParams(query)
    for (const [key, value] of new URLSearchParams(wire.body.toString())) params.set(key, value)
    const unsigned =
      UNSIGNED_STS_ACTIONS.has(params.get('Action') ?? '') && wire.headers.authorization === undefined
    const caller = unsigned
      ? undefined
      : services.store.authenticate(wire, { service: 'sts', region: services.region })
    send(res, 200, 'text/xml', services.sts(params, caller), { 'x-amzn-RequestId': randomUUID() })
  } catch (err) {
    sendError(res, 'query', asStandInError('query', err))
  }
}

function handleRolesAnywhere(services: Services, wire: WireRequest, res: ServerResponse): void {
  try {
    const answer = services.rolesAnywhere(wire)
    send(res, answer.status, 'application/json', answer.body, { 'x-amzn-RequestId': randomUUID() })
  } catch (err) {
    const error =
      err instanceof StandInError
        ? err
        : new StandInError('InternalServerException', err instanceof Error ? err.message : String(err), 500)
    send(res, error.status, 'application/json', JSON.stringify({ message: error.message }), {
      'x-amzn-RequestId': randomUUID(),
      'x-amzn-ErrorType': error.code,
    })
  }
}

function handleInspection(services: Services, method: string, path: string, res: ServerResponse): void {
  if (path === '/_standin/events' && method === 'GET') {
    send(res, 200, 'application/json', JSON.stringify(services.events))
  } else if (path === '/_standin/events' && method === 'DELETE') {
    services.events.length = 0
    send(res, 200, 'application/json', '{}')
  } else if (path === '/_standin/health') {
    send(res, 200, 'application/json', '{"status":"ok"}')
  } else {
    send(res, 404, 'application/json', '{"error":"not found"}')
  }
}

async function route(services: Services, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '/'
  const path = url.split('?')[0] ?? '/'
  const target = req.headers['x-amz-target']
  const isJson = typeof target === 'string' && target.startsWith(EVENTBRIDGE_TARGET_PREFIX)
  let body: Buffer
  try {
    body = await readBody(req, MAX_BODY_BYTES)
  } catch (err) {
    sendError(res, isJson ? 'json' : 'query', asStandInError(isJson ? 'json' : 'query', err))
    return
  }
  if (path.startsWith('/_standin/')) {
    handleInspection(services, req.method ?? 'GET', path, res)
    return
  }
  const wire: WireRequest = { method: req.method ?? 'GET', url, headers: req.headers, body }
  if (path === '/sessions' && wire.method === 'POST') {
    handleRolesAnywhere(services, wire, res)
    return
  }
  if (isJson) {
    handleEventBridge(services, wire, target, res)
    return
  }
  const contentType = req.headers['content-type'] ?? ''
  if (contentType.includes('application/x-www-form-urlencoded') || url.includes('Action=')) {
    handleSts(services, wire, res)
    return
  }
  sendError(res, 'json', new StandInError('UnknownOperationException', 'Unknown operation', 400))
}

/**
 * Starts the EventBridge (AWS JSON 1.1), STS (query) and IAM Roles Anywhere (`POST /sessions`)
 * stand-in on 127.0.0.1. Every call must carry a valid SigV4 signature from the configured
 * credentials or from temporary credentials the stand-in issued (AssumeRoleWithWebIdentity may be
 * unsigned, as on AWS); CreateSession must carry an X.509 SigV4 signature from a certificate
 * issued by a configured trust anchor's CA.
 * `GET /_standin/events` lists recorded events; `DELETE` clears them.
 */
export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const region = options.region ?? 'us-east-1'
  const account = options.account ?? '000000000000'
  const credentials = options.credentials ?? { accessKeyId: 'test', secretAccessKey: 'test' }
  const store = createCredentialStore({ ...credentials, account })
  const state = createEventBridgeState(region, account)
  const deliverer = createSqsDeliverer({
    region,
    credentials,
    ...(options.sqsEndpoint === undefined ? {} : { endpoint: options.sqsEndpoint }),
  })
  const roles = options.roles ?? {}
  const sessions: IssuedSession[] = []
  const onIssue = (session: IssuedSession) => {
    sessions.push(session)
  }
  const services: Services = {
    region,
    store,
    roles,
    eventbridge: createEventBridgeHandler(state, deliverer),
    sts: createStsHandler({ store, roles, onIssue }),
    rolesAnywhere: createRolesAnywhereHandler({
      store,
      region,
      roles,
      trustAnchors: options.rolesAnywhere?.trustAnchors ?? {},
      onIssue,
    }),
    events: state.events,
  }
  const server = createServer((req, res) => {
    route(services, req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 'json', asStandInError('json', err))
    })
  })
  const port = await listenOnLoopback(server, options.port)
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    events: () => state.events,
    sessions: () => sessions,
    idle: () => deliverer.idle(),
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      await closed
      await deliverer.close()
    },
  }
}
