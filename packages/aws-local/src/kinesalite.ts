/// <reference path="./types/kinesalite.d.ts" />
/**
 * kinesalite 3.3.3 started in-process on 127.0.0.1. It keeps its data in memory (memdown): the
 * optional `leveldown` is only used with a `path`, so its skipped install script does not matter.
 * Streams become ACTIVE (and are deleted or resharded) at once.
 *
 * The Kinesis client must use HTTP/1.1: `@aws-sdk/client-kinesis` defaults to an HTTP/2 handler,
 * which kinesalite answers with `Protocol error`. Use {@link kinesisClientConfig}.
 */
import { NodeHttpHandler } from '@smithy/node-http-handler'
import kinesalite from 'kinesalite'
import { listenOnLoopback } from './listen.ts'

/** A running kinesalite. */
export interface Kinesalite {
  readonly endpoint: string
  readonly port: number
  stop(): Promise<void>
}

/** Starts kinesalite on 127.0.0.1 (`port` 0, the default, picks a free port). */
export async function startKinesalite(
  options: { port?: number; shardLimit?: number } = {},
): Promise<Kinesalite> {
  const server = kinesalite({
    createStreamMs: 0,
    deleteStreamMs: 0,
    updateStreamMs: 0,
    shardLimit: options.shardLimit ?? 100,
  })
  const port = await listenOnLoopback(server, options.port)
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()))
        server.closeAllConnections()
      }),
  }
}

/** The parts of a Kinesis client config that kinesalite needs: its endpoint and an HTTP/1.1 handler. */
export function kinesisClientConfig(endpoint: string): { endpoint: string; requestHandler: NodeHttpHandler } {
  return { endpoint, requestHandler: new NodeHttpHandler() }
}
