import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, request, type Server } from 'node:http'
import { extname, join, normalize } from 'node:path'

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
}

/**
 * Serves the editor build on one origin with the config server's API: `/api/*` is piped to
 * `apiUrl` (server-sent events included), every other path is a file of `dist` or its index.html.
 * Test support for while the config server's own static serving of the build is unavailable.
 */
export async function startStaticFront(
  dist: string,
  apiUrl: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const api = new URL(apiUrl)
  const server: Server = createServer((incoming, outgoing) => {
    const path = (incoming.url ?? '/').split('?')[0] ?? '/'
    if (path.startsWith('/api/')) {
      const upstream = request(
        {
          host: api.hostname,
          port: api.port,
          path: incoming.url,
          method: incoming.method,
          headers: incoming.headers,
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(outgoing)
        },
      )
      upstream.on('error', () => {
        if (!outgoing.headersSent) outgoing.writeHead(502)
        outgoing.end()
      })
      outgoing.on('close', () => upstream.destroy())
      incoming.pipe(upstream)
      return
    }
    const file = normalize(join(dist, decodeURIComponent(path)))
    void stat(file)
      .then((s) => (s.isFile() && file.startsWith(dist) ? file : join(dist, 'index.html')))
      .catch(() => join(dist, 'index.html'))
      .then((chosen) => {
        outgoing.writeHead(200, { 'content-type': TYPES[extname(chosen)] ?? 'application/octet-stream' })
        createReadStream(chosen).pipe(outgoing)
      })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
