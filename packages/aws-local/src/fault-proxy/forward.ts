import {
  Agent,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type ServerResponse,
} from 'node:http'

/** Where the proxy forwards to, and the connections it keeps open there. */
export interface Upstream {
  readonly hostname: string
  readonly port: number
  readonly agent: Agent
}

/** The upstream of an endpoint URL such as `http://127.0.0.1:4566`. */
export function upstreamOf(endpoint: string): Upstream {
  const url = new URL(endpoint)
  return {
    hostname: url.hostname,
    port: Number(url.port || 80),
    agent: new Agent({ keepAlive: true, maxSockets: 256 }),
  }
}

/** A whole answer from upstream. */
export interface Buffered {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
}

function open(
  upstream: Upstream,
  req: IncomingMessage,
  headers: IncomingHttpHeaders,
  res: ServerResponse,
  onResponse: (answer: IncomingMessage) => void,
  onError: (error: Error) => void,
) {
  const outgoing = request(
    {
      hostname: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers,
      agent: upstream.agent,
    },
    onResponse,
  )
  outgoing.on('error', onError)
  res.on('close', () => {
    if (!res.writableFinished) outgoing.destroy()
  })
  return outgoing
}

/**
 * Forwards the call as it came (the buffered `body`, or the request streamed) and streams the
 * answer back. A client that goes away cuts the upstream call off too; an upstream that fails
 * resets the client's connection.
 */
export function passThrough(
  upstream: Upstream,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer | undefined,
): void {
  const outgoing = open(
    upstream,
    req,
    req.headers,
    res,
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    },
    () => res.destroy(),
  )
  if (body === undefined) req.pipe(outgoing)
  else outgoing.end(body)
}

/**
 * Forwards `body` (or the request, streamed, when `undefined`) with `headers` and reads the whole
 * answer; with `keep` false its body is read and thrown away (a dropped connection's answer).
 */
export function forwardBuffered(
  upstream: Upstream,
  req: IncomingMessage,
  res: ServerResponse,
  headers: IncomingHttpHeaders,
  body: Buffer | undefined,
  keep = true,
): Promise<Buffered> {
  return new Promise((resolve, reject) => {
    const outgoing = open(
      upstream,
      req,
      headers,
      res,
      (answer) => {
        const chunks: Buffer[] = []
        answer.on('data', (chunk: Buffer) => {
          if (keep) chunks.push(chunk)
        })
        answer.on('end', () =>
          resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks) }),
        )
        answer.on('error', reject)
      },
      reject,
    )
    if (body === undefined) req.pipe(outgoing)
    else outgoing.end(body)
  })
}

/** Sends a buffered answer on to the client, with its length set for the body it now has. */
export function relay(res: ServerResponse, answer: Buffered): void {
  const headers: IncomingHttpHeaders = { ...answer.headers, 'content-length': String(answer.body.length) }
  delete headers['transfer-encoding']
  res.writeHead(answer.status, headers)
  res.end(answer.body)
}
