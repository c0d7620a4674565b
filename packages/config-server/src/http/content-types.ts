import type { FastifyInstance } from 'fastify'
import { ServiceError } from '../errors.ts'

/** Content types read as YAML text. */
export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml']

/**
 * JSON for every route, YAML text only for routes marked `yamlBody`; anything else (plain text,
 * forms) is refused with 415 before the body is read.
 */
export function registerContentTypes(app: FastifyInstance, yamlBodyLimit: number): void {
  app.removeContentTypeParser('text/plain')
  app.addContentTypeParser(
    YAML_TYPES,
    { parseAs: 'string', bodyLimit: yamlBodyLimit },
    (request, body, done) => {
      if (request.routeOptions.config.yamlBody !== true) {
        done(
          new ServiceError('request.unsupported-media-type', 'this route takes application/json'),
          undefined,
        )
        return
      }
      done(null, body)
    },
  )
}
