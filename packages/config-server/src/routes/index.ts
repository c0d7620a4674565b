import type { RouteModule } from '../http/context.ts'
import { assetRoutes } from './assets.ts'
import { auditRoutes } from './audit.ts'
import { deploymentRoutes } from './deployments.ts'
import { healthRoutes } from './health.ts'
import { keyRoutes } from './keys.ts'
import { nodeProtocolRoutes } from './node-protocol.ts'
import { operationsRoutes } from './operations.ts'
import { projectRoutes } from './project.ts'
import { testRoutes } from './tests.ts'
import { tokenRoutes } from './tokens.ts'
import { userRoutes } from './users.ts'

/** Every route group except sign-in, which takes cookie options. */
export const routeModules: readonly RouteModule[] = [
  healthRoutes,
  assetRoutes,
  projectRoutes,
  userRoutes,
  tokenRoutes,
  keyRoutes,
  nodeProtocolRoutes,
  deploymentRoutes,
  operationsRoutes,
  testRoutes,
  auditRoutes,
]
