import type { AwsCredentialIdentity } from '@smithy/types'
import type { RolesAnywhereAuth } from '../connection-spec.ts'
import { checkValidity, loadIdentity } from './certificate.ts'
import { createSession, fetchPost, type HttpPost } from './create-session.ts'

/** What a Roles Anywhere provider needs besides the auth itself. */
export interface RolesAnywhereInit {
  auth: RolesAnywhereAuth
  /** The connection's region, used when the auth names none. */
  connectionRegion: string
  /** An endpoint override (`endpoints.rolesanywhere`, else `endpoints.all`). */
  endpoint?: string
  /** JSON pointer of the auth in the connection spec, e.g. `/spec/auth`. */
  path: string
  /** Time limit of one CreateSession call. */
  timeoutMs: number
  post?: HttpPost
  now?: () => number
}

/** The public Roles Anywhere endpoint of a region (China regions use `amazonaws.com.cn`). */
export function rolesAnywhereEndpoint(region: string): string {
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'
  return `https://rolesanywhere.${region}.${domain}`
}

/**
 * A credential source for IAM Roles Anywhere: each call signs a fresh `CreateSession` with the
 * certificate's key. The certificate and key are parsed at once, so a bad PEM or a key that does
 * not match fails with an `AwsConfigError` when the connection is set up; an expired certificate
 * fails each call.
 */
export function rolesAnywhereCredentials(init: RolesAnywhereInit): () => Promise<AwsCredentialIdentity> {
  const { auth, path } = init
  const identity = loadIdentity(auth, path)
  const region = auth.region ?? init.connectionRegion
  const endpoint = init.endpoint ?? rolesAnywhereEndpoint(region)
  const post = init.post ?? fetchPost
  const now = init.now ?? Date.now
  return async () => {
    checkValidity(identity, now(), path)
    return createSession(
      {
        endpoint,
        region,
        profileArn: auth.profileArn,
        roleArn: auth.roleArn,
        trustAnchorArn: auth.trustAnchorArn,
        durationSeconds: auth.durationSeconds,
        path,
      },
      identity,
      { post, now, signal: AbortSignal.timeout(init.timeoutMs) },
    )
  }
}
