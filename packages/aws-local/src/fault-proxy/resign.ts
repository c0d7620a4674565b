import type { IncomingHttpHeaders } from 'node:http'
import {
  computeSignature,
  credentialScope,
  parseAuthorization,
  requestAmzDate,
  SIGV4_ALGORITHM,
  sha256Hex,
} from '../stand-in/sigv4.ts'

/** Credentials the proxy may sign a rewritten request with. */
export interface SigningCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
}

/**
 * The headers of a request whose body the proxy changed, signed again (SigV4, same scope, same
 * signed headers, same time) so that a service that checks signatures still takes it.
 * `undefined` when the request was signed by other credentials than `credentials` (temporary
 * ones, say), which the proxy cannot sign for.
 */
export function resign(
  method: string,
  url: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
  credentials: SigningCredentials,
): IncomingHttpHeaders | undefined {
  const authorization = headers.authorization
  const auth = authorization === undefined ? undefined : parseAuthorization(authorization)
  if (auth === undefined || auth.accessKeyId !== credentials.accessKeyId) return undefined
  const updated: IncomingHttpHeaders = { ...headers, 'content-length': String(body.length) }
  if (updated['x-amz-content-sha256'] !== undefined) updated['x-amz-content-sha256'] = sha256Hex(body)
  const amzDate = requestAmzDate({ method, url, headers: updated, body })
  if (amzDate === undefined) return undefined
  const signature = computeSignature(
    { method, url, headers: updated, body },
    auth,
    amzDate,
    credentials.secretAccessKey,
  )
  const scope = credentialScope(auth.date, auth.region, auth.service)
  updated.authorization = `${SIGV4_ALGORITHM} Credential=${auth.accessKeyId}/${scope}, SignedHeaders=${auth.signedHeaders.join(';')}, Signature=${signature}`
  return updated
}
