/**
 * fauxqs 1.9.2 (SQS, SNS and S3 on one port) started in-process on 127.0.0.1, with Fastify hooks
 * that close its S3 gaps.
 *
 * Covered by the hooks:
 * - Conditional writes: `If-None-Match: *` and `If-Match: <etag>` on PutObject, CopyObject (the
 *   destination) and CompleteMultipartUpload give 412 `PreconditionFailed`, or 404 `NoSuchKey`
 *   for `If-Match` on a missing key; other `If-None-Match` values give 501. Writes to one key
 *   are serialized, so of N concurrent `If-None-Match: *` puts exactly one wins.
 * - Object tagging, kept in a map beside fauxqs so that no `?tagging` request reaches fauxqs's
 *   routing (which returns the object body for GET and overwrites or deletes the object for PUT
 *   and DELETE): `x-amz-tagging` on PutObject and CreateMultipartUpload, Get/Put/DeleteObjectTagging,
 *   CopyObject's `x-amz-tagging-directive`, `x-amz-tagging-count` on GetObject, and tags dropped
 *   when the object is overwritten or deleted (DeleteObject and DeleteObjects).
 *
 * Not covered: 409 `ConditionalRequestConflict` (a racing write simply waits its turn), conditional
 * DeleteObject, `x-amz-copy-source-if-*`, versioning (`versionId` on tagging), and what fauxqs
 * itself lacks (ListObjectVersions, ListParts, ListMultipartUploads, ACLs, bucket policies, object
 * lock). Tags are in memory and are lost with the process, like everything else in fauxqs.
 */
import { buildApp } from 'fauxqs'
import { installS3Hooks } from './s3-hooks/install.ts'
import type { TagStore } from './s3-hooks/tagging.ts'

/** A running fauxqs. */
export interface Fauxqs {
  /** `http://127.0.0.1:<port>`: the endpoint for S3, SQS and SNS. */
  readonly endpoint: string
  readonly port: number
  /** The tags the S3 hooks keep. */
  readonly tags: TagStore
  stop(): Promise<void>
}

/** Starts fauxqs with the S3 hooks on 127.0.0.1 (`port` 0, the default, picks a free port). */
export async function startFauxqs(options: { port?: number } = {}): Promise<Fauxqs> {
  const app = buildApp({ logger: false })
  const { tags } = installS3Hooks(app)
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('fauxqs is not listening on TCP')
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    port: address.port,
    tags,
    stop: () => app.close(),
  }
}
