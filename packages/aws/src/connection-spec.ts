import type { connectionAws, SpecOf } from '@sluice/assets'

/** A `connection.aws` spec with every macro resolved and every secret opened. */
export type ConnectionSpec = SpecOf<typeof connectionAws>

/** The `auth` of a connection: one of its modes. */
export type ConnectionAuth = ConnectionSpec['auth']

/** The auth modes of a connection. */
export type AuthMode = ConnectionAuth['mode']

/** The `assumeRole` auth. */
export type AssumeRoleAuth = Extract<ConnectionAuth, { mode: 'assumeRole' }>

/** The credentials that sign an `assumeRole` call: another mode, or another connection. */
export type RoleSource = AssumeRoleAuth['source']

/** The `webIdentity` auth. */
export type WebIdentityAuth = Extract<ConnectionAuth, { mode: 'webIdentity' }>

/** The `rolesAnywhere` auth. */
export type RolesAnywhereAuth = Extract<ConnectionAuth, { mode: 'rolesAnywhere' }>

/** The services Sluice calls. */
export type AwsService = 's3' | 'sqs' | 'sns' | 'kinesis' | 'eventbridge' | 'sts'

/** How clients for one connection are made. */
export interface AwsClientOptions {
  /**
   * When false, the default provider chain, instance and container roles and web identity are
   * refused (`aws.ambient-forbidden`), also as the source of an assumed role: an admin's switch so
   * integrators cannot borrow the host's role.
   */
  allowAmbient?: boolean
  /** Looks up another connection by name, for `assumeRole` with `source: { mode: connection }`. */
  connection?: (name: string) => ConnectionSpec | undefined
  /** The connection's own name, so a role chain that leads back to it is reported as a loop. */
  name?: string
  /**
   * Attempts the SDK makes per call. The engine passes 1 and retries itself, so it can count and
   * back off per entry; probes and listings keep the SDK default. Credential refreshes always keep
   * the SDK default.
   */
  maxAttempts?: number
}
