import {
  ErrorBody,
  Listing,
  ListingKindSchema,
  ListingQuery,
  PresignedUpload,
  PresignRequest,
  ProbeReport,
  TestRequest,
} from '@sluice/assets'
import { Type } from 'typebox'
import { actorOf } from '../auth/auth-service.ts'
import { ServiceError } from '../errors.ts'
import { principalOf } from '../http/auth-hook.ts'
import type { RouteModule } from '../http/context.ts'
import { AssetParams, commonErrors, NameSchema } from '../http/schemas.ts'

const tags = ['connection tests']

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
        body: TestRequest,
        response: { 200: ProbeReport, 422: ErrorBody, ...commonErrors },
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
        querystring: ListingQuery,
        response: { 200: Listing, 409: ErrorBody, 422: ErrorBody, 502: ErrorBody, ...commonErrors },
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
        body: PresignRequest,
        response: {
          200: PresignedUpload,
          409: ErrorBody,
          422: ErrorBody,
          502: ErrorBody,
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
