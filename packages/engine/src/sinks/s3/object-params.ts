import type { PutObjectCommandInput } from '@aws-sdk/client-s3'
import type { CompiledTemplate, MessageContext, SpecOf, sinkS3 } from '@sluice/assets'
import { utf8Length } from '../shared/body.ts'
import { InvalidMessageError } from '../shared/failures.ts'
import { compileField, compileOptionalField } from '../shared/templates.ts'

export type S3SinkSpec = SpecOf<typeof sinkS3>

/** Everything of a put but the body. */
export type ObjectParams = Omit<PutObjectCommandInput, 'Body'>

const DEFAULT_CONTENT_TYPES = {
  lines: 'text/plain',
  ndjson: 'application/x-ndjson',
  csv: 'text/csv',
  whole: 'application/octet-stream',
} as const

/** S3's limit on user metadata: keys and values together, in UTF-8 bytes. */
const MAX_METADATA_BYTES = 2048

/**
 * The request parameters of each object: fixed ones from the spec (bucket, storage class,
 * encryption, tags, the `If-None-Match: *` of `onExists: skip|fail`) and per-object ones rendered
 * from the object's first message (content type, user metadata). Metadata values travel as HTTP
 * headers, so they must be printable ASCII and, with their keys, at most 2 KB.
 */
export class ObjectParamsMaker {
  private readonly fixed: Omit<ObjectParams, 'Key'>
  private readonly contentType: CompiledTemplate | undefined
  private readonly defaultContentType: string
  private readonly metadata: readonly (readonly [string, CompiledTemplate])[]

  constructor(spec: S3SinkSpec) {
    this.contentType = compileOptionalField(spec.contentType, '/contentType')
    this.defaultContentType = DEFAULT_CONTENT_TYPES[spec.format.type]
    this.metadata = Object.entries(spec.metadata ?? {}).map(
      ([key, value]) => [key, compileField(value, `/metadata/${key}`)] as const,
    )
    const sse = spec.serverSideEncryption
    const tags = new URLSearchParams(Object.entries(spec.tags ?? {})).toString()
    this.fixed = {
      Bucket: spec.bucket,
      StorageClass: spec.storageClass,
      ...(sse.type === 'none' ? {} : { ServerSideEncryption: sse.type }),
      ...(sse.type === 'aws:kms'
        ? {
            BucketKeyEnabled: sse.bucketKeyEnabled,
            ...(sse.kmsKeyId === undefined ? {} : { SSEKMSKeyId: sse.kmsKeyId }),
          }
        : {}),
      ...(tags === '' ? {} : { Tagging: tags }),
      ...(spec.onExists === 'overwrite' ? {} : { IfNoneMatch: '*' }),
    }
  }

  /** The parameters of the object `key`, opened by `message`. */
  make(key: string, message: MessageContext): ObjectParams {
    const params: ObjectParams = {
      ...this.fixed,
      Key: key,
      ContentType: this.contentType?.(message) || this.defaultContentType,
    }
    if (this.metadata.length > 0) params.Metadata = this.renderMetadata(message)
    return params
  }

  private renderMetadata(message: MessageContext): Record<string, string> {
    const metadata: Record<string, string> = {}
    let bytes = 0
    for (const [key, template] of this.metadata) {
      const value = template(message)
      if (!/^[\x20-\x7e]*$/.test(value))
        throw new InvalidMessageError(
          'sink.metadata-invalid',
          `metadata "${key}" must be printable ASCII (it travels as an HTTP header)`,
        )
      metadata[key] = value
      bytes += utf8Length(key) + utf8Length(value)
    }
    if (bytes > MAX_METADATA_BYTES)
      throw new InvalidMessageError(
        'sink.metadata-invalid',
        `user metadata may hold at most ${MAX_METADATA_BYTES} bytes; it rendered ${bytes}`,
      )
    return metadata
  }
}
