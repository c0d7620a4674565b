import { NodeHttpHandler } from '@smithy/node-http-handler'
import type { AwsCredentialIdentityProvider } from '@smithy/types'
import type { AwsClientOptions, ConnectionAuth, ConnectionSpec, RoleSource } from './connection-spec.ts'
import { type CredentialCacheOptions, cacheCredentials } from './credential-cache.ts'
import { AwsConfigError } from './errors.ts'
import {
  type CredentialFactories,
  type CredentialSource,
  type StsTarget,
  sdkCredentialFactories,
} from './sdk-credentials.ts'

/** The credentials of one connection, shared by all its clients. */
export interface ConnectionCredentials {
  /** The cached provider; `undefined` when the connection is anonymous (auth mode `none`). */
  readonly provider: AwsCredentialIdentityProvider | undefined
  /** Closes the sockets of the STS clients the credential sources made. */
  destroy(): void
}

/** Test seams of {@link credentialsFor}. */
export interface CredentialDeps {
  factories?: CredentialFactories
  cache?: CredentialCacheOptions
}

/** How many connections a role chain may pass through. */
const MAX_CHAIN = 8

interface Scope {
  /** The connection whose region, endpoints and timeout apply. */
  readonly connection: ConnectionSpec
  /** Names of the connections entered so far. */
  readonly chain: readonly string[]
  /** JSON pointer of the auth being resolved, inside its connection's document. */
  readonly path: string
}

/**
 * Builds the credential provider of a connection's auth mode, cached once for the connection
 * (refreshed when under 60 s of lifetime remain; concurrent callers share one refresh).
 *
 * Precedence: an `assumeRole` auth always acts as its role; access keys given as its `source` only
 * sign the AssumeRole call. Sources may be any other mode, or another connection (role chaining),
 * looked up through `options.connection`. Throws `AwsConfigError` for what cannot work at all:
 * `aws.ambient-forbidden` when `allowAmbient` is false and the default chain or web identity is
 * used (directly or as a source), `aws.connection-cycle`, `aws.connection-not-found`,
 * `aws.anonymous-source`, and unusable Roles Anywhere certificates or keys. Errors while fetching
 * credentials are `AwsCallError`s naming the STS action and the auth's path.
 */
export function credentialsFor(
  connection: ConnectionSpec,
  options: AwsClientOptions = {},
  deps: CredentialDeps = {},
): ConnectionCredentials {
  const factories = deps.factories ?? sdkCredentialFactories
  const handlers: NodeHttpHandler[] = []
  const cached = (source: CredentialSource) => cacheCredentials(source, deps.cache)

  const stsTarget = (c: ConnectionSpec): StsTarget => {
    const requestHandler = new NodeHttpHandler({ requestTimeout: c.timeoutMs, connectionTimeout: 5_000 })
    handlers.push(requestHandler)
    const endpoint = c.endpoints.sts ?? c.endpoints.all
    return { region: c.region, requestHandler, ...(endpoint === undefined ? {} : { endpoint }) }
  }

  const forbidAmbient = (what: string, path: string) => {
    if (options.allowAmbient === false)
      throw new AwsConfigError(
        'aws.ambient-forbidden',
        path,
        `${what} is an ambient identity, which this cluster forbids; use access keys, IAM Roles Anywhere, or assumeRole signed by one of them.`,
      )
  }

  const resolve = (
    auth: ConnectionAuth | RoleSource,
    scope: Scope,
  ): AwsCredentialIdentityProvider | undefined => {
    const { connection: c, path } = scope
    switch (auth.mode) {
      case 'none':
        return undefined
      case 'accessKey': {
        const { accessKeyId, secretAccessKey, sessionToken } = auth
        return cached(async () => ({
          accessKeyId,
          secretAccessKey,
          ...(sessionToken === undefined ? {} : { sessionToken }),
        }))
      }
      case 'defaultChain':
        forbidAmbient('The default provider chain', `${path}/mode`)
        return cached(
          factories.defaultChain({
            region: c.region,
            path,
            ...(auth.profile === undefined ? {} : { profile: auth.profile }),
          }),
        )
      case 'webIdentity':
        forbidAmbient('A web identity token', `${path}/mode`)
        return cached(
          factories.webIdentity({
            roleArn: auth.roleArn,
            tokenFile: auth.tokenFile,
            sessionName: auth.sessionName,
            durationSeconds: auth.durationSeconds,
            sts: stsTarget(c),
            path,
          }),
        )
      case 'rolesAnywhere': {
        const endpoint = c.endpoints.rolesanywhere ?? c.endpoints.all
        return cached(
          factories.rolesAnywhere({
            auth,
            connectionRegion: c.region,
            path,
            timeoutMs: c.timeoutMs,
            ...(endpoint === undefined ? {} : { endpoint }),
          }),
        )
      }
      case 'assumeRole': {
        const sourcePath = `${path}/source`
        const source = resolve(auth.source, { ...scope, path: sourcePath })
        if (source === undefined)
          throw new AwsConfigError(
            'aws.anonymous-source',
            sourcePath,
            'an anonymous connection (auth mode none) cannot sign sts:AssumeRole.',
          )
        return cached(
          factories.assumeRole({
            roleArn: auth.roleArn,
            sessionName: auth.sessionName,
            durationSeconds: auth.durationSeconds,
            source,
            sts: stsTarget(c),
            path,
            ...(auth.externalId === undefined ? {} : { externalId: auth.externalId }),
          }),
        )
      }
      case 'connection':
        return resolveConnection(auth.connection, scope)
    }
  }

  const resolveConnection = (name: string, scope: Scope): AwsCredentialIdentityProvider | undefined => {
    const path = `${scope.path}/connection`
    const chain = [...scope.chain, name]
    if (scope.chain.includes(name))
      throw new AwsConfigError(
        'aws.connection-cycle',
        path,
        `role chaining loops back: ${chain.join(' → ')}. One connection of the loop must use other credentials.`,
      )
    if (scope.chain.length >= MAX_CHAIN)
      throw new AwsConfigError(
        'aws.chain-too-long',
        path,
        `role chaining passes through more than ${MAX_CHAIN} connections (${chain.join(' → ')}).`,
      )
    const other = options.connection?.(name)
    if (other === undefined)
      throw new AwsConfigError(
        'aws.connection-not-found',
        path,
        options.connection === undefined
          ? `connection "${name}" cannot be looked up here: no connection resolver was given.`
          : `connection "${name}" does not exist.`,
      )
    try {
      return resolve(other.auth, { connection: other, chain, path: '/spec/auth' })
    } catch (error) {
      if (!(error instanceof AwsConfigError)) throw error
      throw new AwsConfigError(error.code, path, `connection "${name}" (${error.path}): ${error.message}`)
    }
  }

  const destroy = () => {
    for (const handler of handlers.splice(0)) handler.destroy()
  }
  try {
    const provider = resolve(connection.auth, {
      connection,
      chain: options.name === undefined ? [] : [options.name],
      path: '/spec/auth',
    })
    return { provider, destroy }
  } catch (error) {
    destroy()
    throw error
  }
}
