import { EventBridgeClient } from '@aws-sdk/client-eventbridge'
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { S3Client } from '@aws-sdk/client-s3'
import { SNSClient } from '@aws-sdk/client-sns'
import { SQSClient } from '@aws-sdk/client-sqs'
import { STSClient } from '@aws-sdk/client-sts'
import type { connectionAws, SpecOf } from '@sluice/assets'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import type { AwsCredentialIdentityProvider } from '@smithy/types'
import { credentialsFor } from './credentials.ts'

/** A `connection.aws` spec with every macro resolved and every secret opened. */
export type ConnectionSpec = SpecOf<typeof connectionAws>

/** The services Sluice calls. */
export type AwsService = 's3' | 'sqs' | 'sns' | 'kinesis' | 'eventbridge' | 'sts'

/** How clients for one connection are made. */
export interface AwsClientOptions {
  /**
   * When false, the default provider chain, instance and container roles and web identity are
   * refused (`aws.ambient-forbidden`): an admin's switch so integrators cannot borrow the host's role.
   */
  allowAmbient?: boolean
  /** Looks up another connection by name, for `assumeRole` with `source: { mode: connection }`. */
  connection?: (name: string) => ConnectionSpec | undefined
  /**
   * Attempts the SDK makes per call. The engine passes 1 and retries itself, so it can count and
   * back off per entry; probes and listings keep the SDK default.
   */
  maxAttempts?: number
}

/**
 * SDK v3 clients for one connection, made on first use and shared by every asset that uses the
 * connection. They share one cached credential provider, refreshed when under 60 s remain.
 */
export interface AwsClients {
  readonly region: string
  readonly credentials: AwsCredentialIdentityProvider
  s3(): S3Client
  sqs(): SQSClient
  sns(): SNSClient
  kinesis(): KinesisClient
  eventBridge(): EventBridgeClient
  sts(): STSClient
  /** Closes the sockets of every client made; call when the connection is no longer used. */
  destroy(): void
}

/** Makes the clients of one connection. Throws `AwsConfigError` for a connection it cannot serve. */
export function createAwsClients(connection: ConnectionSpec, options: AwsClientOptions = {}): AwsClients {
  const credentials = credentialsFor(connection, options)
  const made: { destroy(): void }[] = []
  const base = (service: AwsService) => {
    const endpoint = connection.endpoints[service] ?? connection.endpoints.all
    return {
      region: connection.region,
      credentials,
      requestHandler: new NodeHttpHandler({ requestTimeout: connection.timeoutMs, connectionTimeout: 5_000 }),
      ...(endpoint === undefined ? {} : { endpoint }),
      ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    }
  }
  const once = <C extends { destroy(): void }>(make: () => C): (() => C) => {
    let client: C | undefined
    return () => {
      if (!client) {
        client = make()
        made.push(client)
      }
      return client
    }
  }
  return {
    region: connection.region,
    credentials,
    s3: once(() => new S3Client({ ...base('s3'), forcePathStyle: connection.s3ForcePathStyle })),
    sqs: once(() => new SQSClient(base('sqs'))),
    sns: once(() => new SNSClient(base('sns'))),
    kinesis: once(() => new KinesisClient(base('kinesis'))),
    eventBridge: once(() => new EventBridgeClient(base('eventbridge'))),
    sts: once(() => new STSClient(base('sts'))),
    destroy() {
      for (const client of made.splice(0)) client.destroy()
    },
  }
}
