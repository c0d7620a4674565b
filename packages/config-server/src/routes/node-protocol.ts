import { Bundle, DesiredState, Heartbeat, NodeList, NodeRegistered, NodeRegistration } from '@sluice/assets'
import { Type } from 'typebox'
import { actorOf } from '../auth/auth-service.ts'
import { ServiceError } from '../errors.ts'
import { nodeOf, principalOf } from '../http/auth-hook.ts'
import type { RouteModule } from '../http/context.ts'
import { commonErrors, NameSchema } from '../http/schemas.ts'

const tags = ['node protocol']

/**
 * The engine node protocol (see `@sluice/assets` `cluster/protocol.ts`): register, heartbeat with
 * desired state in the answer, fetch bundles. Only node tokens (`node:<cluster>`) may call it.
 */
export const nodeProtocolRoutes: RouteModule = (app, { cluster, bundles, audit }) => {
  app.post(
    '/api/cluster/nodes',
    {
      config: { access: 'node' },
      schema: {
        tags,
        summary: 'Register an engine node (again after a restart) with its roles, version and keys',
        body: NodeRegistration,
        response: { 200: NodeRegistered, ...commonErrors },
      },
    },
    async (request) => {
      const principal = nodeOf(request)
      const registered = await cluster.register(principal, request.body)
      await audit.record({
        actor: actorOf(principal),
        action: 'node.register',
        target: `node/${request.body.nodeId}`,
        details: {
          roles: request.body.roles,
          version: request.body.version,
          hostname: request.body.hostname,
        },
      })
      return registered
    },
  )

  app.post(
    '/api/cluster/nodes/:nodeId/heartbeat',
    {
      config: { access: 'node' },
      schema: {
        tags,
        summary: "Report actual state and test results; the answer is the node's desired state",
        params: Type.Object({ nodeId: NameSchema }),
        body: Heartbeat,
        response: { 200: DesiredState, ...commonErrors },
      },
    },
    async (request) => cluster.heartbeat(nodeOf(request), request.params.nodeId, request.body),
  )

  app.get(
    '/api/cluster/bundles/:bundleId',
    {
      config: { access: 'node' },
      schema: {
        tags,
        summary: 'An immutable bundle (`<deployment>@<version>`); secrets stay sealed to the cluster key',
        params: Type.Object({ bundleId: Type.String({ maxLength: 200 }) }),
        response: { 200: Bundle, ...commonErrors },
      },
    },
    async (request) => {
      const principal = nodeOf(request)
      const bundle = await bundles.get(request.params.bundleId)
      if (bundle.cluster !== principal.cluster)
        throw new ServiceError('node.wrong-cluster', `${bundle.id} is for cluster "${bundle.cluster}"`)
      return bundle
    },
  )

  app.get(
    '/api/cluster/nodes',
    {
      config: { access: 'read' },
      schema: {
        tags: ['operations'],
        summary: 'Engine nodes with status (up, late, gone), roles and live workflows',
        response: { 200: NodeList, ...commonErrors },
      },
    },
    async () => ({ nodes: cluster.nodes() }),
  )

  app.delete(
    '/api/cluster/nodes/:nodeId',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['operations'],
        summary: 'Forget a node, e.g. one gone for good or to re-register it with another token',
        params: Type.Object({ nodeId: NameSchema }),
        response: { 204: Type.Null(), ...commonErrors },
      },
    },
    async (request, reply) => {
      await cluster.removeNode(request.params.nodeId)
      await audit.record({
        actor: actorOf(principalOf(request)),
        action: 'node.remove',
        target: `node/${request.params.nodeId}`,
      })
      return reply.status(204).send(null)
    },
  )
}
