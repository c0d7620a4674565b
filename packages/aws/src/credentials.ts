import { fromNodeProviderChain } from '@aws-sdk/credential-providers'
import type { AwsCredentialIdentityProvider } from '@smithy/types'
import type { AwsClientOptions, ConnectionSpec } from './clients.ts'
import { AwsConfigError } from './errors.ts'

/**
 * The credential provider of a connection's auth mode. Providers are memoized by the SDK's own
 * caching and refreshed before they expire.
 */
export function credentialsFor(
  connection: ConnectionSpec,
  options: AwsClientOptions,
): AwsCredentialIdentityProvider {
  const auth = connection.auth
  switch (auth.mode) {
    case 'none':
      return async () => ({ accessKeyId: '', secretAccessKey: '' })
    case 'accessKey':
      return async () => ({
        accessKeyId: auth.accessKeyId,
        secretAccessKey: auth.secretAccessKey,
        ...(auth.sessionToken === undefined ? {} : { sessionToken: auth.sessionToken }),
      })
    case 'defaultChain':
      if (options.allowAmbient === false)
        throw new AwsConfigError(
          'aws.ambient-forbidden',
          '/spec/auth/mode',
          'this cluster forbids ambient identities (default chain, instance role, web identity); use access keys, assumeRole from keys, or Roles Anywhere',
        )
      return fromNodeProviderChain(auth.profile === undefined ? {} : { profile: auth.profile })
    default:
      throw new AwsConfigError(
        'aws.auth-unsupported',
        '/spec/auth/mode',
        `auth mode "${auth.mode}" is not supported yet`,
      )
  }
}
