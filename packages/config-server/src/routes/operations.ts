import type { ServerResponse } from 'node:http'
import { OperationsSnapshot } from '@sluice/assets'
import type { ClusterEvent } from '../cluster/cluster-service.ts'
import type { RouteModule } from '../http/context.ts'
import { commonErrors } from '../http/schemas.ts'
import type { Services } from '../services/services.ts'

const MAX_STREAMS = 200
const KEEP_ALIVE_MS = 15_000
const COALESCE_MS = 100

async function snapshot(services: Services): Promise<OperationsSnapshot> {
  return { nodes: services.cluster.nodes(), deployments: await services.cluster.placements() }
}

/**
 * The operations view: nodes, placements and live workflow status, as one snapshot and as a
 * server-sent event stream (`snapshot` on connect and on structural changes, `heartbeat` with one
 * node's live status on each heartbeat).
 */
export const operationsRoutes: RouteModule = (app, services) => {
  const streams = new Set<ServerResponse>()
  app.addHook('onClose', async () => {
    for (const stream of streams) stream.end()
  })

  app.get(
    '/api/operations',
    {
      config: { access: 'read' },
      schema: {
        tags: ['operations'],
        summary: 'Nodes and where every active deployment runs, with live workflow status and metrics',
        response: { 200: OperationsSnapshot, ...commonErrors },
      },
    },
    async () => snapshot(services),
  )

  app.get(
    '/api/operations/events',
    {
      config: { access: 'read' },
      schema: {
        tags: ['operations'],
        summary: 'Server-sent events: `snapshot` (nodes and placements) and `heartbeat` (one node, live)',
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) => {
      if (streams.size >= MAX_STREAMS)
        return reply
          .status(503)
          .send({ error: { code: 'service.unavailable', message: 'too many open event streams' } })
      reply.hijack()
      const raw = reply.raw
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      })
      streams.add(raw)
      const send = (event: string, data: unknown) => {
        if (!raw.writableEnded) raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
      }
      let pending: NodeJS.Timeout | undefined
      const sendSnapshot = () => {
        pending = undefined
        snapshot(services).then(
          (data) => send('snapshot', data),
          (error: unknown) => request.log.warn({ err: error }, 'operations snapshot failed'),
        )
      }
      const onChange = (event: ClusterEvent) => {
        if (event.type === 'heartbeat') {
          const node = services.cluster.nodes().find((n) => n.nodeId === event.nodeId)
          if (node) send('heartbeat', node)
        } else {
          pending ??= setTimeout(sendSnapshot, COALESCE_MS)
        }
      }
      const keepAlive = setInterval(() => raw.writableEnded || raw.write(': keep-alive\n\n'), KEEP_ALIVE_MS)
      keepAlive.unref()
      services.cluster.on('change', onChange)
      raw.on('close', () => {
        streams.delete(raw)
        clearInterval(keepAlive)
        if (pending) clearTimeout(pending)
        services.cluster.off('change', onChange)
      })
      sendSnapshot()
    },
  )
}
