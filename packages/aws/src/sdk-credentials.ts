import { fromNodeProviderChain, fromTemporaryCredentials, fromTokenFile } from '@aws-sdk/credential-providers'
import type { NodeHttpHandler } from '@smithy/node-http-handler'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import { describeAwsFailure, toAwsCallError } from './aws-failure.ts'
import { AwsCallError, AwsConfigError } from './errors.ts'
import { type RolesAnywhereInit, rolesAnywhereCredentials } from './roles-anywhere/provider.ts'

/** Fetches credentials once; the connection's cache decides when to call it again. */
export type CredentialSource = () => Promise<AwsCredentialIdentity>

/** Where STS calls of a credential source go. */
export interface StsTarget {
  region: string
  endpoint?: string
  requestHandler: NodeHttpHandler
}

/** An `sts:AssumeRole` source. */
export interface AssumeRoleInit {
  roleArn: string
  externalId?: string
  sessionName: string
  durationSeconds: number
  /** The credentials that sign the AssumeRole call. */
  source: AwsCredentialIdentityProvider
  sts: StsTarget
  /** JSON pointer of the auth in the connection spec. */
  path: string
}

/** An `sts:AssumeRoleWithWebIdentity` source reading its token from a file at each refresh. */
export interface WebIdentityInit {
  roleArn: string
  tokenFile: string
  sessionName: string
  durationSeconds: number
  sts: StsTarget
  path: string
}

/** The default provider chain of the node (env, profile/SSO, web identity, ECS, IMDSv2). */
export interface DefaultChainInit {
  profile?: string
  region: string
  path: string
}

/**
 * Makes the credential source of each auth mode. The real ones call the SDK's providers (and our
 * Roles Anywhere signer); unit tests inject fakes to check mode selection and chaining.
 */
export interface CredentialFactories {
  defaultChain(init: DefaultChainInit): CredentialSource
  assumeRole(init: AssumeRoleInit): CredentialSource
  webIdentity(init: WebIdentityInit): CredentialSource
  rolesAnywhere(init: RolesAnywhereInit): CredentialSource
}

function stsClientConfig(sts: StsTarget) {
  return {
    region: sts.region,
    requestHandler: sts.requestHandler,
    ...(sts.endpoint === undefined ? {} : { endpoint: sts.endpoint }),
  }
}

function isOurs(error: unknown): error is AwsCallError | AwsConfigError {
  return error instanceof AwsCallError || error instanceof AwsConfigError
}

function assumeRoleFailure(error: unknown, init: AssumeRoleInit): Error {
  if (isOurs(error)) return error
  const call = { what: `AssumeRole of ${init.roleArn}`, action: 'sts:AssumeRole', path: init.path }
  const failure = describeAwsFailure(error, call)
  if (failure.code !== 'aws.access-denied') return toAwsCallError(error, call)
  const trust = `The role's trust policy must trust the source identity${init.externalId === undefined ? '' : ' and require exactly this external id'}.`
  return new AwsCallError(failure.code, `${failure.message} ${trust}`, call)
}

function fileErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined
  const { code } = error
  return typeof code === 'string' && ['ENOENT', 'EACCES', 'EISDIR', 'EPERM'].includes(code) ? code : undefined
}

/** A source whose failures are rewritten into coded errors. */
function mapping(provider: CredentialSource, failure: (error: unknown) => Error): CredentialSource {
  return async () => {
    try {
      return await provider()
    } catch (error) {
      throw failure(error)
    }
  }
}

/** The real credential sources, from `@aws-sdk/credential-providers` and our Roles Anywhere signer. */
export const sdkCredentialFactories: CredentialFactories = {
  defaultChain(init) {
    const provider = fromNodeProviderChain({
      ...(init.profile === undefined ? {} : { profile: init.profile }),
      clientConfig: { region: init.region },
    })
    return mapping(provider, (error) =>
      toAwsCallError(error, { what: 'The default credential chain of this node', path: init.path }),
    )
  },

  assumeRole(init) {
    const provider = fromTemporaryCredentials({
      params: {
        RoleArn: init.roleArn,
        RoleSessionName: init.sessionName,
        DurationSeconds: init.durationSeconds,
        ...(init.externalId === undefined ? {} : { ExternalId: init.externalId }),
      },
      masterCredentials: init.source,
      clientConfig: stsClientConfig(init.sts),
    })
    return mapping(provider, (error) => assumeRoleFailure(error, init))
  },

  webIdentity(init) {
    const provider = fromTokenFile({
      webIdentityTokenFile: init.tokenFile,
      roleArn: init.roleArn,
      roleSessionName: init.sessionName,
      durationSeconds: init.durationSeconds,
      clientConfig: stsClientConfig(init.sts),
    })
    return mapping(provider, (error) => {
      const fileError = fileErrorCode(error)
      if (fileError !== undefined)
        return new AwsCallError(
          'aws.token-file-unreadable',
          `The web identity token file "${init.tokenFile}" cannot be read (${fileError}); check the path and that the token is mounted on this node.`,
          { path: `${init.path}/tokenFile`, awsName: fileError },
        )
      return toAwsCallError(error, {
        what: `AssumeRoleWithWebIdentity of ${init.roleArn}`,
        action: 'sts:AssumeRoleWithWebIdentity',
        path: init.path,
      })
    })
  },

  rolesAnywhere: rolesAnywhereCredentials,
}
