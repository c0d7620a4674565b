import {
  AssetView,
  ClusterChange,
  ClusterList,
  ClusterView,
  ErrorBody,
  KeyList,
  KeyView,
  SecretRotation,
} from '@sluice/assets'
import { Type } from 'typebox'
import { actorOf } from '../auth/auth-service.ts'
import { principalOf } from '../http/auth-hook.ts'
import type { RouteModule } from '../http/context.ts'
import { commonErrors, IfMatchHeaders, NameSchema } from '../http/schemas.ts'
import { etagOf } from '../store/version.ts'

/** Secret keys, key rotation, and clusters with their public keys. */
export const keyRoutes: RouteModule = (app, { secrets, clusters, assets, audit }) => {
  app.get(
    '/api/keys',
    {
      config: { access: 'read' },
      schema: {
        tags: ['secrets'],
        summary: 'The keys secret values can be sealed to: the server keys and each cluster key',
        response: { 200: KeyList, ...commonErrors },
      },
    },
    async () => ({ keys: secrets.keys() }),
  )

  app.post(
    '/api/keys/server/rotate',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['secrets'],
        summary: 'Make a new server key for new secrets; older server keys stay to open older values',
        response: { 200: KeyView, ...commonErrors },
      },
    },
    async (request) => {
      const key = await secrets.rotateServerKey()
      await audit.record({
        actor: actorOf(principalOf(request)),
        action: 'key.rotate',
        target: `key/${key.fingerprint}`,
      })
      return key
    },
  )

  app.post(
    '/api/secrets/:name/rotate',
    {
      config: { access: 'assets.write' },
      schema: {
        tags: ['secrets'],
        summary: 'Re-seal every value of a Secret resource to another key (If-Match required)',
        description:
          'All or nothing: a value sealed to a key the server does not hold (a cluster key) gives 409 `secret.cannot-open`; write it again with its plaintext.',
        params: Type.Object({ name: NameSchema }),
        headers: IfMatchHeaders,
        body: SecretRotation,
        response: {
          200: AssetView,
          409: ErrorBody,
          412: ErrorBody,
          422: ErrorBody,
          428: ErrorBody,
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const view = await assets.rotateSecret(
        actorOf(principalOf(request)),
        request.params.name,
        request.body.keyFingerprint,
        request.headers['if-match'],
      )
      return reply.header('etag', etagOf(view.version)).send(view)
    },
  )

  app.get(
    '/api/clusters',
    {
      config: { access: 'read' },
      schema: {
        tags: ['clusters'],
        summary: 'The clusters of engine nodes and their public keys',
        response: { 200: ClusterList, ...commonErrors },
      },
    },
    async () => ({ clusters: [...clusters.list()] }),
  )

  app.put(
    '/api/clusters/:name',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['clusters'],
        summary: 'Create or change a cluster: its public key (PEM), description and ambient-identity switch',
        params: Type.Object({ name: NameSchema }),
        body: ClusterChange,
        response: { 200: ClusterView, 422: ErrorBody, ...commonErrors },
      },
    },
    async (request) => {
      const before = clusters.get(request.params.name)
      const record = await clusters.put(request.params.name, request.body)
      await audit.record({
        actor: actorOf(principalOf(request)),
        action: before ? 'cluster.update' : 'cluster.create',
        target: `cluster/${record.name}`,
        diff: [
          ...(before?.fingerprint !== record.fingerprint
            ? [
                {
                  path: '/fingerprint',
                  op: 'replace' as const,
                  before: before?.fingerprint ?? null,
                  after: record.fingerprint ?? null,
                },
              ]
            : []),
          ...(before?.allowAmbient !== record.allowAmbient
            ? [
                {
                  path: '/allowAmbient',
                  op: 'replace' as const,
                  before: before?.allowAmbient ?? null,
                  after: record.allowAmbient,
                },
              ]
            : []),
        ],
      })
      return record
    },
  )
}
