import type { FastifyInstance, FastifyRequest } from 'fastify'
import { header, objectPath } from './s3-request.ts'

/** Why a conditional write is refused, as S3 words it. */
export interface Rejection {
  readonly status: number
  readonly code: string
  readonly message: string
  readonly extra: Record<string, string>
}

const PRECONDITION_MESSAGE = 'At least one of the pre-conditions you specified did not hold'

function normalizeEtag(etag: string): string {
  return etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '')
}

/**
 * Checks `If-None-Match: *` and `If-Match: <etag>` of a write against the object's current state,
 * read with an in-process HEAD. Returns the S3 rejection (412 `PreconditionFailed`, 404
 * `NoSuchKey` for `If-Match` on a missing key, 501 for an `If-None-Match` other than `*`) or
 * `undefined` when the write may go ahead. Call it while holding the key's lock.
 */
export async function checkWriteConditions(
  app: FastifyInstance,
  request: FastifyRequest,
  bucket: string,
  key: string,
): Promise<Rejection | undefined> {
  const ifMatch = header(request, 'if-match')
  const ifNoneMatch = header(request, 'if-none-match')
  if (ifMatch === undefined && ifNoneMatch === undefined) return undefined
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') {
    return {
      status: 501,
      code: 'NotImplemented',
      message: 'A header you provided implies functionality that is not implemented',
      extra: { Header: 'If-None-Match' },
    }
  }
  const head = await app.inject({ method: 'HEAD', url: objectPath(bucket, key) })
  const exists = head.statusCode === 200
  if (ifNoneMatch !== undefined && exists) {
    return {
      status: 412,
      code: 'PreconditionFailed',
      message: PRECONDITION_MESSAGE,
      extra: { Condition: 'If-None-Match' },
    }
  }
  if (ifMatch === undefined) return undefined
  if (!exists) {
    const bucketHead = await app.inject({ method: 'HEAD', url: `/${encodeURIComponent(bucket)}` })
    if (bucketHead.statusCode !== 200) return undefined
    return {
      status: 404,
      code: 'NoSuchKey',
      message: 'The specified key does not exist.',
      extra: { Key: key },
    }
  }
  const current = head.headers.etag
  const wanted = ifMatch.split(',').map(normalizeEtag)
  if (typeof current === 'string' && (wanted.includes('*') || wanted.includes(normalizeEtag(current)))) {
    return undefined
  }
  return {
    status: 412,
    code: 'PreconditionFailed',
    message: PRECONDITION_MESSAGE,
    extra: { Condition: 'If-Match' },
  }
}
