import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import { buildApp } from './app.ts'
import { openServices, type ServiceOptions } from './services/services.ts'

/** Where the editor's static build is, when it has been built. */
export const DEFAULT_EDITOR_DIR = join(import.meta.dirname, '..', '..', 'editor', 'dist')

export interface ServerOptions extends ServiceOptions {
  host: string
  port: number
  logger: Logger
  editorDir?: string
  secureCookies?: boolean
}

/** A listening config server. */
export interface RunningServer {
  app: FastifyInstance
  /** `http://host:port` it listens on. */
  url: string
  /** Stops accepting requests, finishes those in flight and closes the services. */
  close(): Promise<void>
}

/** Opens the services and listens: the only place the server binds a port. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const services = await openServices({
    ...options,
    onWatchError: (error) =>
      options.logger.warn({ err: error }, 'watching the project failed; rescanning on a timer'),
    onPublishError: (error) =>
      options.logger.warn({ err: error }, 'publishing audit events to EventBridge failed'),
  })
  const app = await buildApp({
    services,
    logger: options.logger,
    editorDir: options.editorDir ?? DEFAULT_EDITOR_DIR,
    ...(options.secureCookies === undefined ? {} : { secureCookies: options.secureCookies }),
  })
  try {
    const url = await app.listen({ host: options.host, port: options.port })
    return {
      app,
      url,
      async close() {
        await app.close()
        await services.close()
      },
    }
  } catch (error) {
    await app.close()
    await services.close()
    throw error
  }
}
