import { Listing, ListingKindSchema, ProbeReport } from '@sluice/assets'
import { Type } from 'typebox'
import { actorOf } from '../auth/auth-service.ts'
import { ServiceError } from '../errors.ts'
import { principalOf } from '../http/auth-hook.ts'
import type { RouteModule } from '../http/context.ts'
import { AssetParams, commonErrors, ErrorSchema, NameSchema } from '../http/schemas.ts'

const tags = ['connection tests']
const Deployment = Type.Object({
  deployment: Type.Optional(
    Type.String({
      description: 'Resolve macros from this deployment; by default the first one that uses the asset.',
    }),
  ),
})

/** Connection tests, the last result, live listings for pickers and presigned test uploads. */
export const testRoutes: RouteModule = (app, { tester, tests, assets, audit }) => {
  app.post(
    '/api/assets/:kind/:name/test',
    {
      config: { access: 'assets.test' },
      schema: {
        tags,
        summary:
          'Test a connection, source or sink with the calls it will make; each failure names the IAM action',
        description:
          'Runs on the server when it can open every secret involved; otherwise on a live engine node of the cluster that holds the key (answering `test.needs-node` when none is up). Always time-limited.',
        params: AssetParams,
        body: Deployment,
        response: { 200: ProbeReport, 422: ErrorSchema, ...commonErrors },
      },
    },
    async (request) => {
      const { kind, name } = request.params
      assets.checkTarget(kind, name)
      const result = await tester.test(kind, name, request.body.deployment)
      await audit.record({
        actor: actorOf(principalOf(request)),
        action: 'asset.test',
        target: `${kind}/${name}`,
        details: { ok: result.ok, on: result.location.on },
      })
      return result
    },
  )

  app.get(
    '/api/assets/:kind/:name/test',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'The last test report of an asset',
        params: AssetParams,
        response: { 200: ProbeReport, ...commonErrors },
      },
    },
    async (request) => {
      const { kind, name } = request.params
      assets.checkTarget(kind, name)
      const last = tests.last(`${kind}/${name}`)
      if (!last) throw new ServiceError('asset.not-found', `${kind} "${name}" has not been tested yet`)
      return last
    },
  )

  app.get(
    '/api/connections/:name/listings/:listing',
    {
      config: { access: 'assets.test' },
      schema: {
        tags: ['listings'],
        summary:
          'A live listing for a picker: buckets, prefixes, queues, topics, streams or buses, with counts',
        params: Type.Object({ name: NameSchema, listing: ListingKindSchema }),
        querystring: Type.Object({
          bucket: Type.Optional(Type.String({ maxLength: 255 })),
          prefix: Type.Optional(Type.String({ maxLength: 1024 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          deployment: Type.Optional(Type.String()),
        }),
        response: { 200: Listing, 409: ErrorSchema, 422: ErrorSchema, 502: ErrorSchema, ...commonErrors },
      },
    },
    async (request) => {
      const { bucket, prefix, limit, deployment } = request.query
      return tester.list(
        request.params.name,
        request.params.listing,
        {
          ...(bucket === undefined ? {} : { bucket }),
          ...(prefix === undefined ? {} : { prefix }),
          ...(limit === undefined ? {} : { limit }),
        },
        deployment,
      )
    },
  )

  app.post(
    '/api/assets/source.s3/:name/presign',
    {
      config: { access: 'assets.write' },
      schema: {
        tags,
        summary: "A presigned PUT URL (5 minutes) for a test object under an S3 source's bucket and prefix",
        description:
          'The browser PUTs the file straight to S3, so the bucket needs a CORS rule allowing PUT from the editor origin (see the server README).',
        params: Type.Object({ name: NameSchema }),
        body: Type.Object(
          {
            fileName: Type.String({
              pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$',
              description: 'A plain file name; it goes under the prefix.',
            }),
            contentType: Type.Optional(
              Type.String({ maxLength: 200, pattern: '^[\\x21-\\x7e]+(/[\\x21-\\x7e]+)?(;.*)?$' }),
            ),
            deployment: Type.Optional(Type.String()),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            url: Type.String(),
            headers: Type.Record(Type.String(), Type.String()),
            expiresAt: Type.String(),
            bucket: Type.String(),
            key: Type.String(),
          }),
          409: ErrorSchema,
          422: ErrorSchema,
          502: ErrorSchema,
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const { fileName, contentType, deployment } = request.body
      const signed = await tester.presign(
        request.params.name,
        { fileName, ...(contentType === undefined ? {} : { contentType }) },
        deployment,
      )
      await audit.record({
        actor: actorOf(principalOf(request)),
        action: 'asset.presign',
        target: `source.s3/${request.params.name}`,
        details: { bucket: signed.bucket, key: signed.key },
      })
      return signed
    },
  )
}
