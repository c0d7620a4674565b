import { EventBridgeClient } from '@aws-sdk/client-eventbridge'
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { S3Client } from '@aws-sdk/client-s3'
import { SNSClient } from '@aws-sdk/client-sns'
import { SQSClient } from '@aws-sdk/client-sqs'
import { STSClient } from '@aws-sdk/client-sts'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import type { AwsCredentialIdentityProvider, HttpAuthScheme } from '@smithy/types'
import type { AuthMode, AwsClientOptions, AwsService, ConnectionSpec } from './connection-spec.ts'
import { type CredentialDeps, credentialsFor } from './credentials.ts'
import { AwsConfigError } from './errors.ts'

/**
 * SDK v3 clients for one connection, made on first use and shared by every asset that uses the
 * connection. They share one cached credential provider, refreshed when under 60 s remain.
 */
export interface AwsClients {
  readonly region: string
  /**
   * The connection's cached credentials. For an anonymous connection (auth mode `none`) it rejects
   * with `aws.anonymous`, and the clients send unsigned requests.
   */
  readonly credentials: AwsCredentialIdentityProvider
  /** The connection's auth mode, when known (absent in hand-made fakes). */
  readonly authMode?: AuthMode
  s3(): S3Client
  sqs(): SQSClient
  sns(): SNSClient
  kinesis(): KinesisClient
  eventBridge(): EventBridgeClient
  sts(): STSClient
  /** Closes the sockets of every client made; call when the connection is no longer used. */
  destroy(): void
}

const NO_AUTH = 'smithy.api#noAuth'

/** The SDK's own way to skip signing: the smithy `noAuth` scheme, selected for every operation. */
const unsigned: { httpAuthSchemes: HttpAuthScheme[]; httpAuthSchemeProvider: () => { schemeId: string }[] } =
  {
    httpAuthSchemes: [
      {
        schemeId: NO_AUTH,
        identityProvider: () => async () => ({}),
        signer: { sign: async (request) => request },
      },
    ],
    httpAuthSchemeProvider: () => [{ schemeId: NO_AUTH }],
  }

const anonymousCredentials: AwsCredentialIdentityProvider = async () => {
  throw new AwsConfigError(
    'aws.anonymous',
    '/spec/auth/mode',
    'this connection is anonymous (auth mode none): its requests are unsigned and it has no credentials.',
  )
}

interface SdkClient {
  destroy(): void
  readonly middlewareStack: { remove(name: string): boolean }
}

/** The name under which every SDK v3 client registers its logger middleware. */
export const SDK_LOGGER_MIDDLEWARE = 'loggerMiddleware'

/**
 * Takes the SDK's logger middleware off a client. Sluice never hands the SDK a logger, yet that
 * middleware runs the sensitive-data filter over every request and response, because the SDK's
 * default logger has an `info` method. For a 500-record PutRecords that is a deep copy of both
 * bodies per call, thrown away unread.
 */
function withoutSdkLogging<C extends SdkClient>(client: C): C {
  client.middlewareStack.remove(SDK_LOGGER_MIDDLEWARE)
  return client
}

/**
 * Makes the clients of one connection. Throws `AwsConfigError` for a connection it cannot serve
 * (see {@link credentialsFor}); failures while fetching credentials surface on the first call.
 */
export function createAwsClients(
  connection: ConnectionSpec,
  options: AwsClientOptions = {},
  deps: CredentialDeps = {},
): AwsClients {
  const credentials = credentialsFor(connection, options, deps)
  const provider = credentials.provider
  const made: { destroy(): void }[] = []
  const base = (service: AwsService) => {
    const endpoint = connection.endpoints[service] ?? connection.endpoints.all
    return {
      region: connection.region,
      requestHandler: new NodeHttpHandler({ requestTimeout: connection.timeoutMs, connectionTimeout: 5_000 }),
      ...(provider === undefined ? unsigned : { credentials: provider }),
      ...(endpoint === undefined ? {} : { endpoint }),
      ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    }
  }
  const once = <C extends SdkClient>(make: () => C): (() => C) => {
    let client: C | undefined
    return () => {
      if (!client) {
        client = withoutSdkLogging(make())
        made.push(client)
      }
      return client
    }
  }
  return {
    region: connection.region,
    credentials: provider ?? anonymousCredentials,
    authMode: connection.auth.mode,
    s3: once(() => new S3Client({ ...base('s3'), forcePathStyle: connection.s3ForcePathStyle })),
    sqs: once(() => new SQSClient(base('sqs'))),
    sns: once(() => new SNSClient(base('sns'))),
    kinesis: once(() => new KinesisClient(base('kinesis'))),
    eventBridge: once(() => new EventBridgeClient(base('eventbridge'))),
    sts: once(() => new STSClient(base('sts'))),
    destroy() {
      for (const client of made.splice(0)) client.destroy()
      credentials.destroy()
    },
  }
}
