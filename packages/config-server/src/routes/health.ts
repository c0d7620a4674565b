import { Type } from 'typebox'
import type { RouteModule } from '../http/context.ts'

/** A public liveness check for load balancers and the CLI. */
export const healthRoutes: RouteModule = (app, { store }) => {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness: answers 200 while the server runs',
        response: { 200: Type.Object({ status: Type.Literal('ok'), assets: Type.Integer() }) },
      },
    },
    async () => ({ status: 'ok' as const, assets: store.assets().length }),
  )
}
