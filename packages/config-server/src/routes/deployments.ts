import {
  Activation,
  BuiltBundle,
  Bundle,
  DeploymentList,
  DeploymentView,
  ErrorBody,
  Rollback,
  WorkflowAction,
} from '@sluice/assets'
import { Type } from 'typebox'
import { actorOf } from '../auth/auth-service.ts'
import { principalOf } from '../http/auth-hook.ts'
import type { RouteModule } from '../http/context.ts'
import { commonErrors, NameSchema } from '../http/schemas.ts'

const tags = ['deployments']

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
        response: { 200: DeploymentList, ...commonErrors },
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
        response: { 200: DeploymentView, ...commonErrors },
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
          201: BuiltBundle,
          422: ErrorBody,
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
        response: { 200: Bundle, ...commonErrors },
      },
    },
    async (request) => bundles.get(`${request.params.name}@${request.params.version}`),
  )

  app.post(
    '/api/deployments/:name/activate',
    {
      config: { access: 'deploy' },
      schema: {
        tags,
        summary: 'Run a bundle version on the cluster',
        params: Name,
        body: Activation,
        response: { 200: DeploymentView, ...commonErrors },
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
        body: Rollback,
        response: { 200: DeploymentView, 409: ErrorBody, ...commonErrors },
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
        response: { 200: DeploymentView, 409: ErrorBody, ...commonErrors },
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
          action: WorkflowAction,
        }),
        response: { 200: DeploymentView, 409: ErrorBody, ...commonErrors },
      },
    },
    async (request) => {
      const { name, workflow, action } = request.params
      return deployments.control(actorOf(principalOf(request)), name, workflow, action)
    },
  )
}
