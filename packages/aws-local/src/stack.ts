import {
  type AwsService,
  type BaseClientConfig,
  clientConfigFor,
  type KinesisLocalClientConfig,
  type LocalAwsEndpoints,
  type S3LocalClientConfig,
} from './client-config.ts'
import { startFauxqs } from './fauxqs.ts'
import { startKinesalite } from './kinesalite.ts'
import type { RoleRule } from './stand-in/roles.ts'
import type { RolesAnywhereOptions } from './stand-in/roles-anywhere.ts'
import { type StandIn, startStandIn } from './stand-in/server.ts'

/** The region every part of the stack uses. */
export const LOCAL_REGION = 'us-east-1'

/** The account every part of the stack uses. */
export const LOCAL_ACCOUNT = '000000000000'

/** The long-term credentials every part of the stack accepts. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const

/** A running local AWS stack. */
export interface LocalAws {
  readonly endpoints: LocalAwsEndpoints
  readonly region: string
  readonly account: string
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string }
  /** SDK v3 client config for one service (endpoint, region, credentials, and its quirks). */
  clientConfig(service: 's3'): S3LocalClientConfig
  clientConfig(service: 'kinesis'): KinesisLocalClientConfig
  clientConfig(service: AwsService): BaseClientConfig
  /** The EventBridge/STS stand-in, for its recorded events. */
  readonly standIn: StandIn
  /** Stops every server; safe to call more than once. */
  stop(): Promise<void>
}

/** Options of {@link startLocalAws}. */
export interface LocalAwsOptions {
  /**
   * Role rules of the stand-in, keyed by role name or ARN: a required ExternalId or web identity
   * subject, short-lived sessions, denied EventBridge actions.
   */
  readonly roles?: Readonly<Record<string, RoleRule>>
  /** Trust anchors of the stand-in's IAM Roles Anywhere endpoint (`POST /sessions`). */
  readonly rolesAnywhere?: RolesAnywhereOptions
  /** Fixed ports, e.g. for `pnpm start`; each defaults to 0, a free port (what tests use). */
  readonly ports?: { readonly fauxqs?: number; readonly kinesis?: number; readonly standIn?: number }
}

async function stopAll(stoppers: ReadonlyArray<() => Promise<void>>): Promise<void> {
  const results = await Promise.allSettled(stoppers.map((stop) => stop()))
  const failed = results.find((r) => r.status === 'rejected')
  if (failed !== undefined) throw failed.reason
}

/**
 * Starts the local AWS stack on 127.0.0.1, each server on a free port: fauxqs with the S3
 * hooks (S3, SQS, SNS), kinesalite (Kinesis) and the stand-in (EventBridge, STS), whose SQS rule
 * targets are delivered to fauxqs. If one part fails to start, the others are stopped.
 */
export async function startLocalAws(options: LocalAwsOptions = {}): Promise<LocalAws> {
  const [fauxqs, kinesis] = await Promise.allSettled([
    startFauxqs({ port: options.ports?.fauxqs ?? 0 }),
    startKinesalite({ port: options.ports?.kinesis ?? 0 }),
  ])
  const started = [fauxqs, kinesis].flatMap((r) => (r.status === 'fulfilled' ? [r.value.stop] : []))
  if (fauxqs.status === 'rejected' || kinesis.status === 'rejected') {
    await stopAll(started)
    throw fauxqs.status === 'rejected'
      ? fauxqs.reason
      : kinesis.status === 'rejected'
        ? kinesis.reason
        : undefined
  }
  let standIn: StandIn
  try {
    standIn = await startStandIn({
      region: LOCAL_REGION,
      account: LOCAL_ACCOUNT,
      credentials: LOCAL_CREDENTIALS,
      sqsEndpoint: fauxqs.value.endpoint,
      port: options.ports?.standIn ?? 0,
      ...(options.roles === undefined ? {} : { roles: options.roles }),
      ...(options.rolesAnywhere === undefined ? {} : { rolesAnywhere: options.rolesAnywhere }),
    })
  } catch (err) {
    await stopAll(started)
    throw err
  }
  const endpoints: LocalAwsEndpoints = {
    s3: fauxqs.value.endpoint,
    sqs: fauxqs.value.endpoint,
    sns: fauxqs.value.endpoint,
    kinesis: kinesis.value.endpoint,
    eventbridge: standIn.endpoint,
    sts: standIn.endpoint,
  }
  function clientConfig(service: 's3'): S3LocalClientConfig
  function clientConfig(service: 'kinesis'): KinesisLocalClientConfig
  function clientConfig(service: AwsService): BaseClientConfig
  function clientConfig(service: AwsService): BaseClientConfig {
    return clientConfigFor(endpoints, LOCAL_REGION, LOCAL_CREDENTIALS, service)
  }
  let stopping: Promise<void> | undefined
  return {
    endpoints,
    region: LOCAL_REGION,
    account: LOCAL_ACCOUNT,
    credentials: { ...LOCAL_CREDENTIALS },
    clientConfig,
    standIn,
    stop() {
      stopping ??= standIn.stop().then(() => stopAll(started))
      return stopping
    },
  }
}
