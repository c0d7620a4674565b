import type {} from '@fastify/static'
import type { FastifyError, FastifyInstance } from 'fastify'
import { errorBody, ServiceError } from '../errors.ts'
import { RequestValidationError } from './validation.ts'

const FASTIFY_CODES: Record<string, { status: number; code: string; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'request.too-large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'request.unsupported-media-type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'request.malformed' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'request.malformed',
    message: 'the body is empty but its content type is application/json',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'request.malformed',
    message: 'the body is not valid JSON',
  },
  FST_ERR_BAD_URL: { status: 400, code: 'request.malformed', message: 'the URL is malformed' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: 'request.malformed' },
}

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
}

/**
 * One error shape everywhere: `{ error: { code, message, issues? } }`. Known failures map to
 * their 4xx; a body that does not parse is described without echoing it (it may hold a secret);
 * anything unexpected is logged and answered 500 `internal` with the request id. With the editor's
 * build served (`editorIndex`), an unknown non-API GET answers its index.html (client-side routes).
 */
export function registerErrorHandler(app: FastifyInstance, editorIndex: boolean): void {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ServiceError) return reply.status(error.statusCode).send(error.toBody())
    if (error instanceof RequestValidationError)
      return reply
        .status(400)
        .send(errorBody('request.invalid', `the ${error.part} does not fit this route`, error.issues))
    if (error instanceof SyntaxError)
      return reply.status(400).send(errorBody('request.malformed', 'the body is not valid JSON'))
    if (isFastifyError(error)) {
      const known = FASTIFY_CODES[error.code]
      if (known) return reply.status(known.status).send(errorBody(known.code, known.message ?? error.message))
      const status = error.statusCode ?? 500
      if (status >= 400 && status < 500)
        return reply
          .status(status)
          .send(errorBody(status === 429 ? 'auth.rate-limited' : 'request.invalid', error.message))
    }
    request.log.error({ err: error }, 'unhandled error')
    return reply
      .status(500)
      .send(
        errorBody('internal', `an unexpected error happened; it is logged under request id ${request.id}`),
      )
  })
  app.setNotFoundHandler((request, reply) =>
    editorIndex && request.method === 'GET' && !request.url.startsWith('/api/')
      ? reply.sendFile('index.html')
      : reply
          .status(404)
          .send(
            errorBody('route.not-found', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`),
          ),
  )
}
