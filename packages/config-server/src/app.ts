import { existsSync } from 'node:fs'
import { join } from 'node:path'
import cookie from '@fastify/cookie'
import rateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import { ServiceError } from './errors.ts'
import { registerAuthHook } from './http/auth-hook.ts'
import { registerContentTypes } from './http/content-types.ts'
import { registerErrorHandler } from './http/error-handler.ts'
import { registerOpenApi } from './http/openapi.ts'
import { validatorCompiler } from './http/validation.ts'
import { authRoutes } from './routes/auth.ts'
import { routeModules } from './routes/index.ts'
import type { Services } from './services/services.ts'

export interface AppOptions {
  services: Services
  /** A pino logger (see `createLogger`); none when absent. */
  logger?: FastifyBaseLogger
  /** Largest JSON body accepted, in bytes (default 1 MiB); more gives 413. */
  bodyLimit?: number
  /** Largest YAML import, in bytes (default 16 MiB). */
  importBodyLimit?: number
  /** The editor's static build; served at `/` when it holds an index.html. */
  editorDir?: string
  /** Mark the session cookie Secure (set it whenever the server is reached over HTTPS). */
  secureCookies?: boolean
  /** Sign-in attempts allowed per client address per minute (default 10). */
  loginAttemptsPerMinute?: number
}

/**
 * The config server as a Fastify plugin: the API under `/api`, its OpenAPI 3.1 document at
 * `/api/openapi.json` with Swagger UI at `/api/docs`, and the editor's static build at `/`.
 */
export async function sluiceApi(app: FastifyInstance, options: AppOptions): Promise<void> {
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(() => (data) => JSON.stringify(data))
  const editor = options.editorDir
  registerErrorHandler(app, editor !== undefined && existsSync(join(editor, 'index.html')))
  registerContentTypes(app, options.importBodyLimit ?? 16 * 1024 * 1024)
  await app.register(cookie)
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new ServiceError(
        'auth.rate-limited',
        `too many attempts; try again in ${Math.ceil(context.ttl / 1000)} s`,
      ),
  })
  await registerOpenApi(app)
  registerAuthHook(app, options.services.auth)
  const typed = app.withTypeProvider<TypeBoxTypeProvider>()
  const modules = [
    authRoutes({
      secure: options.secureCookies ?? false,
      loginAttemptsPerMinute: options.loginAttemptsPerMinute ?? 10,
    }),
    ...routeModules,
  ]
  for (const module of modules) module(typed, options.services)
  if (editor !== undefined && existsSync(join(editor, 'index.html')))
    await app.register(fastifyStatic, { root: editor, prefix: '/', wildcard: false })
}

/** Builds the server, not yet listening: `inject` for tests, `listen` in `server.ts`. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    return503OnClosing: true,
    routerOptions: { maxParamLength: 300 },
  })
  await app.register(sluiceApi, options)
  return app
}
