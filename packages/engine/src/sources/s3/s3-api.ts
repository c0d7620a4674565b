import { Readable } from 'node:stream'
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  ListObjectsV2Command,
  PutObjectTaggingCommand,
  type S3Client,
} from '@aws-sdk/client-s3'

/** An object found by a listing or a notification. */
export interface ObjectRef {
  readonly bucket: string
  readonly key: string
  readonly size?: number
  /** Without quotes. */
  readonly etag?: string
  readonly lastModified?: Date
}

/** One page of a listing. */
export interface ListPage {
  readonly objects: readonly ObjectRef[]
  readonly nextToken: string | undefined
}

/** An object being downloaded. */
export interface ObjectStream {
  readonly body: Readable
  readonly contentLength: number | undefined
  readonly contentEncoding: string | undefined
  readonly contentType: string | undefined
  readonly etag: string | undefined
  readonly lastModified: Date | undefined
}

/** A tag of an object. */
export interface Tag {
  readonly key: string
  readonly value: string
}

/**
 * The S3 calls the S3 source makes, so that unit tests can put a fake bucket behind them. Every
 * method rejects with the SDK's error (`NoSuchKey`, `NoSuchBucket`, `AccessDenied`, ...).
 */
export interface S3Api {
  list(request: { bucket: string; prefix: string; delimiter?: string; token?: string }): Promise<ListPage>
  /** Streams the object; `signal` aborts the download. */
  get(bucket: string, key: string, signal: AbortSignal): Promise<ObjectStream>
  delete(bucket: string, key: string): Promise<void>
  copy(from: { bucket: string; key: string }, to: { bucket: string; key: string }): Promise<void>
  tags(bucket: string, key: string): Promise<Tag[]>
  putTags(bucket: string, key: string, tags: readonly Tag[]): Promise<void>
}

/** An ETag without the quotes S3 puts around it. */
export function bareEtag(etag: string | undefined): string | undefined {
  return etag?.replace(/^"|"$/g, '')
}

/** {@link S3Api} over an SDK v3 client. */
export function s3Api(client: S3Client): S3Api {
  return {
    async list({ bucket, prefix, delimiter, token }) {
      const page = await client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          ...(delimiter === undefined ? {} : { Delimiter: delimiter }),
          ...(token === undefined ? {} : { ContinuationToken: token }),
        }),
      )
      const objects: ObjectRef[] = []
      for (const o of page.Contents ?? []) {
        if (o.Key === undefined) continue
        const etag = bareEtag(o.ETag)
        objects.push({
          bucket,
          key: o.Key,
          ...(o.Size === undefined ? {} : { size: o.Size }),
          ...(etag === undefined ? {} : { etag }),
          ...(o.LastModified === undefined ? {} : { lastModified: o.LastModified }),
        })
      }
      return { objects, nextToken: page.IsTruncated ? page.NextContinuationToken : undefined }
    },
    async get(bucket, key, signal) {
      const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), {
        abortSignal: signal,
      })
      if (!(answer.Body instanceof Readable))
        throw new Error(`GetObject of ${key} did not answer with a Node stream`)
      return {
        body: answer.Body,
        contentLength: answer.ContentLength,
        contentEncoding: answer.ContentEncoding,
        contentType: answer.ContentType,
        etag: bareEtag(answer.ETag),
        lastModified: answer.LastModified,
      }
    },
    async delete(bucket, key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }))
    },
    async copy(from, to) {
      const source = `${from.bucket}/${from.key.split('/').map(encodeURIComponent).join('/')}`
      await client.send(new CopyObjectCommand({ Bucket: to.bucket, Key: to.key, CopySource: source }))
    },
    async tags(bucket, key) {
      const answer = await client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }))
      return (answer.TagSet ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' }))
    },
    async putTags(bucket, key, tags) {
      await client.send(
        new PutObjectTaggingCommand({
          Bucket: bucket,
          Key: key,
          Tagging: { TagSet: tags.map((t) => ({ Key: t.key, Value: t.value })) },
        }),
      )
    },
  }
}
