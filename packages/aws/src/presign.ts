import type { AwsClients } from './clients.ts'

/** A presigned S3 PUT the browser can send a file to directly. */
export interface PresignedPut {
  url: string
  /** Headers the PUT must carry exactly as signed (e.g. Content-Type). */
  headers: Record<string, string>
  expiresAt: string
}

/** Presigns a PUT of `key` in `bucket`, valid for `expiresInSeconds` (at most 900). */
export async function presignPut(
  _clients: AwsClients,
  _request: { bucket: string; key: string; contentType?: string; expiresInSeconds: number },
): Promise<PresignedPut> {
  throw new Error('presignPut: implemented by the @sluice/aws issue work')
}
