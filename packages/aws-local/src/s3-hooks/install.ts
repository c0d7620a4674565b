import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { checkWriteConditions } from './conditional.ts'
import { createKeyLock } from './key-lock.ts'
import { classify, header, objectPath, type S3Operation, sendS3Error } from './s3-request.ts'
import {
  createTagStore,
  deleteObjectsKeys,
  parseTaggingHeader,
  parseTaggingXml,
  TaggingError,
  type TagStore,
  type Tags,
  taggingXml,
} from './tagging.ts'

type AfterSend = (reply: FastifyReply, payload: unknown) => void

type ObjectOperation = Extract<S3Operation, { key: string }>

function bodyText(request: FastifyRequest): string {
  const body = request.body
  return Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : ''
}

function copySourceTags(tags: TagStore, copySource: string): Tags {
  const decoded = decodeURIComponent(copySource.split('?')[0] ?? '').replace(/^\//, '')
  const slash = decoded.indexOf('/')
  return slash < 0 ? [] : tags.get(decoded.slice(0, slash), decoded.slice(slash + 1))
}

async function missingObjectError(app: FastifyInstance, reply: FastifyReply, bucket: string, key: string) {
  const head = await app.inject({ method: 'HEAD', url: objectPath(bucket, key) })
  if (head.statusCode === 200) return undefined
  const bucketHead = await app.inject({ method: 'HEAD', url: `/${encodeURIComponent(bucket)}` })
  return bucketHead.statusCode === 200
    ? sendS3Error(reply, 404, 'NoSuchKey', 'The specified key does not exist.', { Key: key })
    : sendS3Error(reply, 404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket })
}

/**
 * Installs the conditional-write and tagging hooks on a fauxqs Fastify app (before it listens).
 * Writes to one key (PutObject, CopyObject, CompleteMultipartUpload, DeleteObject and the
 * `?tagging` calls) are serialized through a per-key lock, so a precondition is checked and
 * the write applied with no other write to that key in between.
 */
export function installS3Hooks(app: FastifyInstance): { readonly tags: TagStore } {
  const tags = createTagStore()
  const lock = createKeyLock()
  const afterSend = new WeakMap<FastifyRequest, AfterSend>()

  async function lockKey(reply: FastifyReply, op: ObjectOperation): Promise<boolean> {
    const { ready, release } = lock.acquire(`${op.bucket}\u0000${op.key}`)
    reply.raw.once('close', release)
    await ready
    if (reply.raw.destroyed || reply.raw.writableEnded) {
      release()
      reply.hijack()
      return false
    }
    return true
  }

  async function tagging(
    request: FastifyRequest,
    reply: FastifyReply,
    op: Extract<S3Operation, { kind: 'tagging' }>,
  ) {
    const missing = await missingObjectError(app, reply, op.bucket, op.key)
    if (missing !== undefined) return missing
    if (op.method === 'GET') {
      return reply
        .status(200)
        .header('content-type', 'application/xml')
        .send(taggingXml(tags.get(op.bucket, op.key)))
    }
    if (op.method === 'PUT') {
      tags.set(op.bucket, op.key, parseTaggingXml(bodyText(request)))
      return reply.status(200).send('')
    }
    if (op.method === 'DELETE') {
      tags.delete(op.bucket, op.key)
      return reply.status(204).send()
    }
    return sendS3Error(
      reply,
      405,
      'MethodNotAllowed',
      'The specified method is not allowed against this resource.',
    )
  }

  async function write(request: FastifyRequest, reply: FastifyReply, op: ObjectOperation) {
    if (op.kind === 'put-object') {
      const directive = header(request, 'x-amz-tagging-directive') ?? 'COPY'
      const tagHeader = header(request, 'x-amz-tagging') ?? ''
      const next =
        op.copySource !== undefined && directive === 'COPY'
          ? copySourceTags(tags, op.copySource)
          : parseTaggingHeader(tagHeader)
      afterSend.set(request, (r) => {
        if (r.statusCode === 200) tags.set(op.bucket, op.key, next)
      })
    } else if (op.kind === 'complete-multipart') {
      afterSend.set(request, (r) => {
        if (r.statusCode === 200) tags.set(op.bucket, op.key, tags.takeForUpload(op.uploadId))
      })
    } else if (op.kind === 'delete-object') {
      afterSend.set(request, (r) => {
        if (r.statusCode < 300) tags.delete(op.bucket, op.key)
      })
      return undefined
    }
    const rejection = await checkWriteConditions(app, request, op.bucket, op.key)
    if (rejection === undefined) return undefined
    afterSend.delete(request)
    return sendS3Error(reply, rejection.status, rejection.code, rejection.message, rejection.extra)
  }

  function observe(request: FastifyRequest, op: S3Operation): void {
    if (op.kind === 'create-multipart') {
      const held = parseTaggingHeader(header(request, 'x-amz-tagging') ?? '')
      afterSend.set(request, (r, payload) => {
        const uploadId =
          typeof payload === 'string' ? /<UploadId>([^<]+)<\/UploadId>/.exec(payload)?.[1] : undefined
        if (r.statusCode === 200 && uploadId !== undefined) tags.holdForUpload(uploadId, held)
      })
    } else if (op.kind === 'delete-objects') {
      const keys = deleteObjectsKeys(bodyText(request))
      afterSend.set(request, (r) => {
        if (r.statusCode === 200) for (const key of keys) tags.delete(op.bucket, key)
      })
    } else if (op.kind === 'get-object') {
      afterSend.set(request, (r) => {
        const count = tags.get(op.bucket, op.key).length
        if ((r.statusCode === 200 || r.statusCode === 206) && count > 0)
          r.header('x-amz-tagging-count', String(count))
      })
    }
  }

  app.addHook('preHandler', async (request, reply) => {
    const op = classify(request)
    try {
      if (
        op.kind === 'tagging' ||
        op.kind === 'put-object' ||
        op.kind === 'complete-multipart' ||
        op.kind === 'delete-object'
      ) {
        if (!(await lockKey(reply, op))) return reply
        return op.kind === 'tagging' ? await tagging(request, reply, op) : await write(request, reply, op)
      }
      observe(request, op)
      return undefined
    } catch (err) {
      if (!(err instanceof TaggingError)) throw err
      return sendS3Error(reply, 400, err.code, err.message)
    }
  })

  app.addHook('onSend', async (request, reply, payload) => {
    const hook = afterSend.get(request)
    if (hook !== undefined) {
      afterSend.delete(request)
      hook(reply, payload)
    }
    return payload
  })

  return { tags }
}
