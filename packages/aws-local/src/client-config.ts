import { NodeHttpHandler } from '@smithy/node-http-handler'

/** The services of the local stack. */
export type AwsService = 's3' | 'sqs' | 'sns' | 'kinesis' | 'eventbridge' | 'sts'

/** One endpoint per service. */
export type LocalAwsEndpoints = Readonly<Record<AwsService, string>>

/** Static credentials as the SDK takes them. */
export interface StaticCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
}

/** What every SDK v3 client of the stack needs. */
export interface BaseClientConfig {
  endpoint: string
  region: string
  credentials: StaticCredentials
}

/** S3 needs path-style addressing: `bucket.127.0.0.1` does not resolve. */
export interface S3LocalClientConfig extends BaseClientConfig {
  forcePathStyle: true
}

/** Kinesis needs HTTP/1.1: the default HTTP/2 handler fails against kinesalite. */
export interface KinesisLocalClientConfig extends BaseClientConfig {
  requestHandler: NodeHttpHandler
}

/** Builds SDK client config for one service of the stack; each call returns a fresh object. */
export function clientConfigFor(
  endpoints: LocalAwsEndpoints,
  region: string,
  credentials: StaticCredentials,
  service: 's3',
): S3LocalClientConfig
export function clientConfigFor(
  endpoints: LocalAwsEndpoints,
  region: string,
  credentials: StaticCredentials,
  service: 'kinesis',
): KinesisLocalClientConfig
export function clientConfigFor(
  endpoints: LocalAwsEndpoints,
  region: string,
  credentials: StaticCredentials,
  service: AwsService,
): BaseClientConfig
export function clientConfigFor(
  endpoints: LocalAwsEndpoints,
  region: string,
  credentials: StaticCredentials,
  service: AwsService,
): BaseClientConfig | S3LocalClientConfig | KinesisLocalClientConfig {
  const base: BaseClientConfig = { endpoint: endpoints[service], region, credentials: { ...credentials } }
  if (service === 's3') return { ...base, forcePathStyle: true }
  if (service === 'kinesis') return { ...base, requestHandler: new NodeHttpHandler() }
  return base
}
