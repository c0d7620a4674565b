import { randomUUID } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'

/** The S3 requests the hooks care about; everything else is `other`. */
export type S3Operation =
  | {
      readonly kind: 'put-object'
      readonly bucket: string
      readonly key: string
      readonly copySource?: string
    }
  | { readonly kind: 'create-multipart'; readonly bucket: string; readonly key: string }
  | {
      readonly kind: 'complete-multipart'
      readonly bucket: string
      readonly key: string
      readonly uploadId: string
    }
  | { readonly kind: 'get-object'; readonly bucket: string; readonly key: string }
  | { readonly kind: 'delete-object'; readonly bucket: string; readonly key: string }
  | { readonly kind: 'delete-objects'; readonly bucket: string }
  | { readonly kind: 'tagging'; readonly method: string; readonly bucket: string; readonly key: string }
  | { readonly kind: 'other' }

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

function stringField(value: unknown, name: string): string | undefined {
  const field = isRecord(value) ? value[name] : undefined
  return typeof field === 'string' ? field : undefined
}

/** A single request header as a string (the first value if repeated). */
export function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** Classifies a request routed by fauxqs's S3 routes (`/:bucket` and `/:bucket/*`). */
export function classify(request: FastifyRequest): S3Operation {
  const route = request.routeOptions.url
  const bucket = stringField(request.params, 'bucket')
  if (bucket === undefined || (route !== '/:bucket/*' && route !== '/:bucket')) return { kind: 'other' }
  const key = stringField(request.params, '*') ?? ''
  const query = request.query
  const has = (name: string) => stringField(query, name) !== undefined
  const method = request.method
  if (key === '') {
    return method === 'POST' && has('delete') ? { kind: 'delete-objects', bucket } : { kind: 'other' }
  }
  if (has('tagging')) return { kind: 'tagging', method, bucket, key }
  const uploadId = stringField(query, 'uploadId')
  if (method === 'PUT' && uploadId === undefined) {
    const copySource = header(request, 'x-amz-copy-source')
    return copySource === undefined
      ? { kind: 'put-object', bucket, key }
      : { kind: 'put-object', bucket, key, copySource }
  }
  if (method === 'POST' && has('uploads')) return { kind: 'create-multipart', bucket, key }
  if (method === 'POST' && uploadId !== undefined)
    return { kind: 'complete-multipart', bucket, key, uploadId }
  if (method === 'POST') return { kind: 'delete-objects', bucket }
  if (method === 'GET') return { kind: 'get-object', bucket, key }
  if (method === 'DELETE' && uploadId === undefined) return { kind: 'delete-object', bucket, key }
  return { kind: 'other' }
}

/** The path of an object, percent-encoded segment by segment. */
export function objectPath(bucket: string, key: string): string {
  return `/${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

/** Replies with an S3 REST-XML error; `extra` adds elements such as `Condition`. */
export function sendS3Error(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  extra: Record<string, string> = {},
): FastifyReply {
  const fields = Object.entries({ Code: code, Message: message, ...extra, RequestId: randomUUID() })
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('')
  return reply
    .status(status)
    .header('content-type', 'application/xml')
    .send(`<?xml version="1.0" encoding="UTF-8"?>\n<Error>${fields}</Error>`)
}
