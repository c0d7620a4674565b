import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { listenOnLoopback } from '../listen.ts'
import { readBody, send } from '../stand-in/http.ts'
import { type Answer, serverErrorAnswer, throttlingAnswer } from './error-shapes.ts'
import { checkRates, drawFault, type FaultRates, seededRandom } from './faults.ts'
import { forwardBuffered, passThrough, relay, type Upstream, upstreamOf } from './forward.ts'
import { isSplittable, splitBatch } from './partial-batch.ts'
import { resign, type SigningCredentials } from './resign.ts'
import { FaultCounter, type FaultStats } from './stats.ts'
import { type CallInfo, callInfo, readsBody, signedService } from './wire.ts'

/** Options of {@link startFaultProxy}. */
export interface FaultProxyOptions {
  /** The emulator calls go to, e.g. `http://127.0.0.1:4566`. */
  readonly upstream: string
  /** Seed of the draws: the same seed draws the same faults in the same order. */
  readonly seed: number
  /** Share of calls per fault (none by default); {@link FaultProxy.setRates} changes them later. */
  readonly rates?: FaultRates
  /** Which calls may get a fault (default every call); the others always pass. */
  readonly faultable?: (call: CallInfo) => boolean
  /** Share of the entries of a `partial` batch that fail (default 0.3); at least one does. */
  readonly entryFailureRate?: number
  /** What the clients sign with, to sign a split batch again (default `test`/`test`). */
  readonly credentials?: SigningCredentials
  readonly port?: number
}

/** A running fault proxy. */
export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: give it to clients as their endpoint. */
  readonly endpoint: string
  readonly port: number
  stats(): FaultStats
  /** New fault rates from now on (`{}` lets every call pass). */
  setRates(rates: FaultRates): void
  stop(): Promise<void>
}

const MAX_BODY_BYTES = 16 * 1024 * 1024

function answer(res: ServerResponse, reply: Answer): void {
  const { 'content-type': contentType = 'text/plain', ...headers } = reply.headers
  send(res, reply.status, contentType, reply.body, headers)
}

function drained(req: IncomingMessage, body: Buffer | undefined): Promise<void> {
  if (body !== undefined || req.readableEnded) return Promise.resolve()
  return new Promise((resolve) => {
    req.on('end', resolve)
    req.on('error', () => resolve())
    req.resume()
  })
}

/**
 * Starts an HTTP proxy on 127.0.0.1 between AWS SDK clients (pointed at it as their endpoint)
 * and one emulator, for reliability tests. At the rates given, drawn from a seeded generator, it
 * answers calls with throttling or HTTP 500 in each service's real error shape, drops connections
 * before or after forwarding, and fails some entries of batch calls (see {@link FaultRates}). Every
 * other call passes through untouched, streamed (S3 bodies are never held in memory).
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const upstream: Upstream = upstreamOf(options.upstream)
  const random = seededRandom(options.seed)
  const faultable = options.faultable ?? (() => true)
  const entryFailureRate = options.entryFailureRate ?? 0.3
  const credentials = options.credentials ?? { accessKeyId: 'test', secretAccessKey: 'test' }
  let rates: FaultRates = options.rates ?? {}
  checkRates(rates)
  const counter = new FaultCounter()

  const choose = (count: number): ReadonlySet<number> => {
    const failing = new Set<number>()
    for (let i = 0; i < count; i++) if (random() < entryFailureRate) failing.add(i)
    if (failing.size === 0) failing.add(Math.floor(random() * count))
    return failing
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const service = signedService(req.headers)
    const body = readsBody(service) ? await readBody(req, MAX_BODY_BYTES) : undefined
    const call = callInfo(service, req.method ?? 'GET', req.url ?? '/', req.headers, body)
    const name = `${call.service} ${call.operation}`
    counter.call(name)
    const fault = faultable(call)
      ? drawFault(rates, random, isSplittable(call.service, call.operation))
      : undefined
    const split =
      fault === 'partial' && body !== undefined
        ? splitBatch(call.service, call.operation, body, choose)
        : undefined
    const signed =
      split?.forward === undefined
        ? req.headers
        : resign(req.method ?? 'POST', req.url ?? '/', req.headers, split.forward, credentials)
    const applied = fault === 'partial' && (split === undefined || signed === undefined) ? undefined : fault
    if (applied !== undefined) counter.fault(name, applied, applied === 'partial' ? split?.failed : 0)
    switch (applied) {
      case 'throttle':
      case 'server-error':
        await drained(req, body)
        answer(res, applied === 'throttle' ? throttlingAnswer(service) : serverErrorAnswer(service))
        return
      case 'drop-before':
        req.socket.destroy()
        return
      case 'drop-after':
        await forwardBuffered(upstream, req, res, req.headers, body, false).catch(() => undefined)
        req.socket.destroy()
        return
      case 'partial': {
        if (split === undefined || signed === undefined) return
        if (split.forward === undefined) {
          send(res, 200, split.contentType, split.answer(undefined))
          return
        }
        const forwarded = await forwardBuffered(upstream, req, res, signed, split.forward)
        if (forwarded.status !== 200) relay(res, forwarded)
        else relay(res, { ...forwarded, body: Buffer.from(split.answer(forwarded.body.toString('utf8'))) })
        return
      }
      default:
        passThrough(upstream, req, res, body)
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy())
  })
  const port = await listenOnLoopback(server, options.port ?? 0)
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stats: () => counter.snapshot(),
    setRates(next) {
      checkRates(next)
      rates = next
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
        upstream.agent.destroy()
      }),
  }
}
