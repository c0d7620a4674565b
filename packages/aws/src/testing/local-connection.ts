import type { LocalAws } from '@sluice/aws-local'
import type { ConnectionAuth, ConnectionSpec } from '../connection-spec.ts'

/** The long-term keys the local stack accepts, as an `accessKey` auth. */
export const LOCAL_KEYS = { mode: 'accessKey', accessKeyId: 'test', secretAccessKey: 'test' } as const

/** A role ARN in the local stack's account. */
export const localRole = (name: string) => `arn:aws:iam::000000000000:role/${name}`

/** A `connection.aws` spec pointing every service (and Roles Anywhere) at the local stack. */
export function localConnection(aws: LocalAws, auth: ConnectionAuth = LOCAL_KEYS): ConnectionSpec {
  return {
    region: aws.region,
    auth,
    endpoints: { ...aws.endpoints, rolesanywhere: aws.standIn.endpoint },
    s3ForcePathStyle: true,
    timeoutMs: 10_000,
  }
}

/** An `assumeRole` auth with the defaults filled in. */
export function assumeRoleAuth(
  roleArn: string,
  source: Extract<ConnectionAuth, { mode: 'assumeRole' }>['source'],
  extra: { externalId?: string; sessionName?: string } = {},
): ConnectionAuth {
  return { mode: 'assumeRole', roleArn, sessionName: 'sluice', durationSeconds: 3600, source, ...extra }
}
