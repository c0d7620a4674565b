import type { IncomingHttpHeaders } from 'node:http'

/** One call as the proxy sees it: the signing service and the operation. */
export interface CallInfo {
  /** The service of the SigV4 credential scope: `sqs`, `sns`, `kinesis`, `events`, `s3`, `sts`. */
  readonly service: string
  /** `SendMessageBatch`, `PutRecords`…; S3 calls by the SDK's `x-id`, else by method and sub-resource (`GET ?list-type`). */
  readonly operation: string
}

const S3_SUBRESOURCES = ['uploads', 'uploadId', 'tagging', 'list-type', 'delete']

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** The service the call was signed for, from its `Authorization` header (`unknown` if unsigned). */
export function signedService(headers: IncomingHttpHeaders): string {
  const match = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(
    header(headers, 'authorization') ?? '',
  )
  return match?.[1] ?? 'unknown'
}

/** Whether the proxy reads the body before deciding (everything but S3, whose bodies stream). */
export function readsBody(service: string): boolean {
  return service !== 's3'
}

/** Names the call: `X-Amz-Target` for the JSON protocols, `Action` for query, method and sub-resource for S3. */
export function callInfo(
  service: string,
  method: string,
  url: string,
  headers: IncomingHttpHeaders,
  body: Buffer | undefined,
): CallInfo {
  const target = header(headers, 'x-amz-target')
  if (target !== undefined) return { service, operation: target.slice(target.indexOf('.') + 1) }
  if (body !== undefined && (header(headers, 'content-type') ?? '').includes('x-www-form-urlencoded'))
    return { service, operation: new URLSearchParams(body.toString('utf8')).get('Action') ?? 'unknown' }
  const query = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '')
  const named = query.get('x-id')
  if (named !== null) return { service, operation: named }
  const subresource = [...query.keys()].find((key) => S3_SUBRESOURCES.includes(key))
  return { service, operation: subresource === undefined ? method : `${method} ?${subresource}` }
}
