import { AssetList, AssetView, ErrorBody, RenameRequest, RenameResult, Usages } from '@sluice/assets'
import { Type } from 'typebox'
import { actorOf } from '../auth/auth-service.ts'
import { principalOf } from '../http/auth-hook.ts'
import type { RouteModule } from '../http/context.ts'
import { AssetParams, assetDocumentSchema, commonErrors, IfMatchHeaders } from '../http/schemas.ts'
import { etagOf } from '../store/version.ts'

const tags = ['assets']

/** List, read, create, update, delete and rename assets of every kind. */
export const assetRoutes: RouteModule = (app, { assets, registry }) => {
  app.get(
    '/api/assets',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'List assets, with their last test status',
        querystring: Type.Object({ kind: Type.Optional(Type.String()) }),
        response: { 200: AssetList, ...commonErrors },
      },
    },
    async (request) => ({ assets: assets.list(request.query.kind) }),
  )

  app.post(
    '/api/assets',
    {
      config: { access: 'assets.write' },
      schema: {
        tags,
        summary: 'Create an asset in its conventional file',
        body: assetDocumentSchema(registry, true),
        response: { 201: AssetView, 409: ErrorBody, 422: ErrorBody, ...commonErrors },
      },
    },
    async (request, reply) => {
      const view = await assets.create(actorOf(principalOf(request)), request.body)
      return reply
        .status(201)
        .header('etag', etagOf(view.version))
        .header('location', `/api/assets/${view.kind}/${view.name}`)
        .send(view)
    },
  )

  app.get(
    '/api/assets/:kind/:name',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Read an asset',
        params: AssetParams,
        response: { 200: AssetView, ...commonErrors },
      },
    },
    async (request, reply) => {
      const view = assets.get(request.params.kind, request.params.name)
      return reply.header('etag', etagOf(view.version)).send(view)
    },
  )

  app.get(
    '/api/assets/:kind/:name/yaml',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: "Read an asset's file as it is on disk, comments included",
        params: AssetParams,
        produces: ['application/yaml'],
        response: { 200: Type.String(), ...commonErrors },
      },
    },
    async (request, reply) => {
      const { text, version } = assets.text(request.params.kind, request.params.name)
      return reply.header('etag', etagOf(version)).type('application/yaml; charset=utf-8').send(text)
    },
  )

  app.put(
    '/api/assets/:kind/:name',
    {
      config: { access: 'assets.write' },
      schema: {
        tags,
        summary: 'Replace an asset (If-Match required); comments in its file survive',
        params: AssetParams,
        headers: IfMatchHeaders,
        body: assetDocumentSchema(registry, false),
        response: {
          200: AssetView,
          412: ErrorBody,
          422: ErrorBody,
          428: ErrorBody,
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const { kind, name } = request.params
      const view = await assets.update(
        actorOf(principalOf(request)),
        kind,
        name,
        request.body,
        request.headers['if-match'],
      )
      return reply.header('etag', etagOf(view.version)).send(view)
    },
  )

  app.delete(
    '/api/assets/:kind/:name',
    {
      config: { access: 'assets.write' },
      schema: {
        tags,
        summary: 'Delete an asset (If-Match required); refused while other assets use it',
        params: AssetParams,
        headers: IfMatchHeaders,
        response: { 204: Type.Null(), 409: ErrorBody, 412: ErrorBody, 428: ErrorBody, ...commonErrors },
      },
    },
    async (request, reply) => {
      const { kind, name } = request.params
      await assets.remove(actorOf(principalOf(request)), kind, name, request.headers['if-match'])
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/api/assets/:kind/:name/rename',
    {
      config: { access: 'assets.write' },
      schema: {
        tags,
        summary: 'Rename an asset and every reference to it (If-Match required)',
        params: AssetParams,
        headers: IfMatchHeaders,
        body: RenameRequest,
        response: {
          200: RenameResult,
          409: ErrorBody,
          412: ErrorBody,
          428: ErrorBody,
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const { kind, name } = request.params
      const result = await assets.rename(
        actorOf(principalOf(request)),
        kind,
        name,
        request.body.newName,
        request.headers['if-match'],
      )
      return reply.header('etag', etagOf(result.asset.version)).send(result)
    },
  )

  app.get(
    '/api/assets/:kind/:name/usages',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Where an asset is used: every asset and field that refers to it',
        params: AssetParams,
        response: { 200: Usages, ...commonErrors },
      },
    },
    async (request) => ({ usages: assets.usages(request.params.kind, request.params.name) }),
  )
}
