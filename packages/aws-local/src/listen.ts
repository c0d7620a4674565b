import type { Server } from 'node:net'

/** The TCP port a listening server is bound to. */
export function boundPort(server: Server): number {
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('server is not listening on TCP')
  return address.port
}

/** Listens on 127.0.0.1 (port 0 picks a free one) and resolves with the bound port. */
export function listenOnLoopback(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve(boundPort(server))
    })
  })
}
