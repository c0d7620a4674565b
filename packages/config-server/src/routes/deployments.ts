import { Type } from 'typebox'
import { actorOf } from '../auth/auth-service.ts'
import { principalOf } from '../http/auth-hook.ts'
import type { RouteModule } from '../http/context.ts'
import { commonErrors, ErrorSchema, NameSchema } from '../http/schemas.ts'

const tags = ['deployments']

const BundleSummarySchema = Type.Object({
  id: Type.String(),
  deployment: Type.String(),
  version: Type.Integer(),
  tag: Type.String(),
  createdAt: Type.String(),
  createdBy: Type.String(),
  workflows: Type.Array(Type.String()),
})

const PlacementSchema = Type.Object({
  deployment: Type.String(),
  bundle: BundleSummarySchema,
  cluster: Type.String(),
  workflows: Type.Array(
    Type.Object({
      workflow: Type.String(),
      singleton: Type.Boolean(),
      requiredRoles: Type.Array(Type.String()),
      status: Type.Union([Type.Literal('placed'), Type.Literal('unschedulable'), Type.Literal('stopped')]),
      nodes: Type.Array(Type.String()),
      reason: Type.Optional(Type.String()),
      leaseExpiresAt: Type.Optional(Type.String()),
    }),
  ),
})

export const DeploymentViewSchema = Type.Object({
  name: Type.String(),
  inProject: Type.Boolean(),
  cluster: Type.Optional(Type.String()),
  active: Type.Optional(Type.Integer()),
  history: Type.Array(Type.Integer()),
  stopped: Type.Array(Type.String()),
  bundles: Type.Array(BundleSummarySchema),
  placement: Type.Optional(PlacementSchema),
})

const Name = Type.Object({ name: NameSchema })

/** Deployments: compile to bundles, activate, roll back, deactivate, and control workflows. */
export const deploymentRoutes: RouteModule = (app, { deployments, bundles }) => {
  app.get(
    '/api/deployments',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Every deployment with its bundles, the active version and its placement',
        response: { 200: Type.Object({ deployments: Type.Array(DeploymentViewSchema) }), ...commonErrors },
      },
    },
    async () => ({ deployments: await deployments.list() }),
  )

  app.get(
    '/api/deployments/:name',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'One deployment',
        params: Name,
        response: { 200: DeploymentViewSchema, ...commonErrors },
      },
    },
    async (request) => deployments.get(request.params.name),
  )

  app.post(
    '/api/deployments/:name/bundles',
    {
      config: { access: 'deploy' },
      schema: {
        tags,
        summary: 'Compile the deployment as the project stands into the next immutable bundle version',
        params: Name,
        response: {
          201: Type.Object({ bundle: BundleSummarySchema, warnings: Type.Array(Type.String()) }),
          422: ErrorSchema,
          ...commonErrors,
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await deployments.build(actorOf(principalOf(request)), request.params.name)),
  )

  app.get(
    '/api/deployments/:name/bundles/:version',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'One bundle: workflows, assets (secrets sealed), merged variables and build values',
        params: Type.Object({ name: NameSchema, version: Type.Integer({ minimum: 1 }) }),
        response: { 200: Type.Unknown(), ...commonErrors },
      },
    },
    async (request) => bundles.get(`${request.params.name}@${request.params.version}`),
  )

  const Version = Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false })

  app.post(
    '/api/deployments/:name/activate',
    {
      config: { access: 'deploy' },
      schema: {
        tags,
        summary: 'Run a bundle version on the cluster',
        params: Name,
        body: Version,
        response: { 200: DeploymentViewSchema, ...commonErrors },
      },
    },
    async (request) =>
      deployments.activate(actorOf(principalOf(request)), request.params.name, request.body.version),
  )

  app.post(
    '/api/deployments/:name/rollback',
    {
      config: { access: 'deploy' },
      schema: {
        tags,
        summary: 'Go back to an earlier bundle: the given version, or the one active before',
        params: Name,
        body: Type.Object(
          { version: Type.Optional(Type.Integer({ minimum: 1 })) },
          { additionalProperties: false },
        ),
        response: { 200: DeploymentViewSchema, 409: ErrorSchema, ...commonErrors },
      },
    },
    async (request) =>
      deployments.rollback(actorOf(principalOf(request)), request.params.name, request.body.version),
  )

  app.post(
    '/api/deployments/:name/deactivate',
    {
      config: { access: 'deploy' },
      schema: {
        tags,
        summary: 'Stop running the deployment; its bundles stay',
        params: Name,
        response: { 200: DeploymentViewSchema, 409: ErrorSchema, ...commonErrors },
      },
    },
    async (request) => deployments.deactivate(actorOf(principalOf(request)), request.params.name),
  )

  app.post(
    '/api/deployments/:name/workflows/:workflow/:action',
    {
      config: { access: 'operate' },
      schema: {
        tags,
        summary: 'Start, stop or restart a deployed workflow on every node that runs it',
        params: Type.Object({
          name: NameSchema,
          workflow: NameSchema,
          action: Type.Union([Type.Literal('start'), Type.Literal('stop'), Type.Literal('restart')]),
        }),
        response: { 200: DeploymentViewSchema, 409: ErrorSchema, ...commonErrors },
      },
    },
    async (request) => {
      const { name, workflow, action } = request.params
      return deployments.control(actorOf(principalOf(request)), name, workflow, action)
    },
  )
}
