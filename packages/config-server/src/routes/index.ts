import type { RouteModule } from '../http/context.ts'
import { assetRoutes } from './assets.ts'
import { healthRoutes } from './health.ts'
import { keyRoutes } from './keys.ts'
import { projectRoutes } from './project.ts'
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
]
