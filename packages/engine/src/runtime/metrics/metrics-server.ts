import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type RunMetrics, renderPrometheus } from './prometheus.ts'

/** A running `/metrics` endpoint. */
export interface MetricsServer {
  readonly port: number
  close(): Promise<void>
}

/**
 * Serves the Prometheus exposition of `collect()` on `GET /metrics` (and `GET /healthz`), on
 * 127.0.0.1 unless `host` says otherwise; `port` 0 picks a free port.
 */
export async function serveMetrics(options: {
  port: number
  host?: string
  collect: () => readonly RunMetrics[]
}): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end()
      return
    }
    if (path === '/metrics') {
      const body = renderPrometheus(options.collect())
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' })
      response.end(request.method === 'HEAD' ? undefined : body)
      return
    }
    if (path === '/healthz') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n')
      return
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics\n')
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve())
  })
  const address = server.address()
  const port =
    typeof address === 'object' && address !== null ? (address satisfies AddressInfo).port : options.port
  return {
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}
