import { createServer } from 'node:net'

/** A port `pnpm start` needs, and what it is for. */
export interface NeededPort {
  port: number
  use: string
}

/** Resolves true when nothing listens on 127.0.0.1:`port` (it binds it for a moment to find out). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(false)
      else reject(error)
    })
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}

/**
 * Checks every fixed port before anything starts; returns a message naming each busy one and
 * what to do, or undefined when all are free.
 */
export async function busyPorts(needed: readonly NeededPort[]): Promise<string | undefined> {
  const busy: NeededPort[] = []
  for (const entry of needed) if (!(await portIsFree(entry.port))) busy.push(entry)
  if (busy.length === 0) return undefined
  return [
    ...busy.map((b) => `port ${b.port} (${b.use}) is already in use on 127.0.0.1`),
    'Stop what uses it (another pnpm start?), or run on free ports instead: SLUICE_START_PORTS=0 pnpm start',
  ].join('\n')
}
