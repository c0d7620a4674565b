import { PutObjectCommand, type PutObjectCommandInput, type PutObjectCommandOutput } from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import type { FinalizeHandler } from '@smithy/types'
import { toAwsCallError } from './aws-failure.ts'
import type { AwsClients } from './clients.ts'
import { AwsCallError, AwsConfigError } from './errors.ts'

/** A presigned S3 PUT the browser can send a file to directly. */
export interface PresignedPut {
  url: string
  /** Headers the PUT should carry (its Content-Type). */
  headers: Record<string, string>
  expiresAt: string
}

/** The longest validity Sluice grants a presigned upload, in seconds. */
export const MAX_PRESIGN_SECONDS = 900

/** Query parameters of a flexible checksum computed over the empty body at signing time. */
const EMPTY_BODY_CHECKSUM = ['x-amz-sdk-checksum-algorithm', 'x-amz-checksum-crc32'] as const

function hasHeaders(value: unknown): value is { headers: Record<string, string> } {
  return (
    typeof value === 'object' && value !== null && 'headers' in value && typeof value.headers === 'object'
  )
}

const dropEmptyBodyChecksum =
  (
    next: FinalizeHandler<PutObjectCommandInput, PutObjectCommandOutput>,
  ): FinalizeHandler<PutObjectCommandInput, PutObjectCommandOutput> =>
  async (args) => {
    if (hasHeaders(args.request)) for (const name of EMPTY_BODY_CHECKSUM) delete args.request.headers[name]
    return next(args)
  }

/**
 * Presigns a PUT of `key` in `bucket`, valid for `expiresInSeconds` (1 to 900). The SDK would
 * sign a CRC32 checksum of the empty body into the URL, which S3 checks against the uploaded
 * file; it is dropped before signing so any file can be sent. Throws `AwsCallError`
 * (`aws.invalid-request`, or a credential failure) or `AwsConfigError` for anonymous connections.
 */
export async function presignPut(
  clients: AwsClients,
  request: { bucket: string; key: string; contentType?: string; expiresInSeconds: number },
): Promise<PresignedPut> {
  const { bucket, key, contentType, expiresInSeconds } = request
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_PRESIGN_SECONDS)
    throw new AwsCallError(
      'aws.invalid-request',
      `expiresInSeconds must be a whole number from 1 to ${MAX_PRESIGN_SECONDS}; got ${expiresInSeconds}.`,
    )
  if (clients.authMode === 'none')
    throw new AwsConfigError(
      'aws.anonymous',
      '/spec/auth/mode',
      'an anonymous connection cannot presign uploads: choose a connection with credentials.',
    )
  const command = new PutObjectCommand({
    Bucket: bucket,
    Key: key,
    ...(contentType === undefined ? {} : { ContentType: contentType }),
  })
  command.middlewareStack.addRelativeTo(dropEmptyBodyChecksum, {
    name: 'sluiceDropEmptyBodyChecksum',
    relation: 'before',
    toMiddleware: 'presignInterceptMiddleware',
  })
  const signedAt = Date.now()
  let url: string
  try {
    url = await getSignedUrl(clients.s3(), command, { expiresIn: expiresInSeconds })
  } catch (error) {
    throw toAwsCallError(error, { what: `Presigning a PUT to s3://${bucket}/${key}`, action: 's3:PutObject' })
  }
  return {
    url,
    headers: contentType === undefined ? {} : { 'content-type': contentType },
    expiresAt: new Date(signedAt + expiresInSeconds * 1000).toISOString(),
  }
}
