import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge'
import {
  type AwsService,
  type BaseClientConfig,
  clientConfigFor,
  createResources,
  type FaultProxy,
  type FaultRates,
  type KinesisLocalClientConfig,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type LocalAws,
  type LocalAwsEndpoints,
  type S3LocalClientConfig,
  startFaultProxy,
} from '@sluice/aws-local'
import { type Child, type Children, waitFor } from '../../packages/engine/src/system/children.ts'
import { BUS, EVENT_SOURCE, INBOX, type ProxyEndpoints, STREAM, TOPIC, WORKFLOWS } from './project.ts'

/** The local AWS stack in a child process, the fault proxies in front of it, and its resources. */
export interface ChaosStack {
  readonly child: Child
  /** Where the emulators are: what the chaos run itself uses to send and count. */
  readonly endpoints: LocalAwsEndpoints
  /** Client config for the emulators themselves, past the proxies. */
  readonly aws: Pick<LocalAws, 'clientConfig'>
  /** What the engine nodes are given. */
  readonly proxied: ProxyEndpoints
  readonly proxies: {
    readonly fauxqs: FaultProxy
    readonly kinesis: FaultProxy
    readonly standIn: FaultProxy
  }
  /** Input queue URLs by queue name, output ones too. */
  readonly queueUrls: Readonly<Record<string, string>>
  /** Sets the fault rates of every proxy. */
  setRates(rates: FaultRates): void
  stop(): Promise<void>
}

const isEndpoints = (value: unknown): value is LocalAwsEndpoints =>
  typeof value === 'object' &&
  value !== null &&
  ['s3', 'sqs', 'sns', 'kinesis', 'eventbridge', 'sts'].every(
    (service) => typeof Reflect.get(value, service) === 'string',
  )

function endpointsIn(output: string): LocalAwsEndpoints | undefined {
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue
    try {
      const value: unknown = JSON.parse(line)
      if (isEndpoints(value)) return value
    } catch {}
  }
  return undefined
}

/**
 * Starts `packages/aws-local/src/cli.ts` (fauxqs, kinesalite, the EventBridge/STS stand-in) as a
 * child process, a fault proxy in this process in front of each of its three servers (seeded with
 * `seed`, `seed + 1`, `seed + 2`; no faults until {@link ChaosStack.setRates}), and the queues,
 * topic, stream, bucket, bus and rule of {@link WORKFLOWS}.
 */
export async function startChaosStack(children: Children, seed: number): Promise<ChaosStack> {
  const child = children.spawn('aws-local', 'packages/aws-local/src/cli.ts', [])
  let endpoints: LocalAwsEndpoints | undefined
  await waitFor(
    'the local AWS stack to start',
    () => {
      if (child.hasExited()) throw new Error(`the local AWS stack exited:\n${child.output()}`)
      endpoints = endpointsIn(child.output())
      return endpoints !== undefined
    },
    60_000,
    100,
  )
  if (endpoints === undefined) throw new Error('the local AWS stack printed no endpoints')
  const at = endpoints
  function clientConfig(service: 's3'): S3LocalClientConfig
  function clientConfig(service: 'kinesis'): KinesisLocalClientConfig
  function clientConfig(service: AwsService): BaseClientConfig
  function clientConfig(service: AwsService): BaseClientConfig {
    return clientConfigFor(at, LOCAL_REGION, LOCAL_CREDENTIALS, service)
  }
  const aws: Pick<LocalAws, 'clientConfig'> = { clientConfig }
  const proxies = {
    fauxqs: await startFaultProxy({ upstream: at.sqs, seed }),
    kinesis: await startFaultProxy({ upstream: at.kinesis, seed: seed + 1 }),
    standIn: await startFaultProxy({ upstream: at.eventbridge, seed: seed + 2 }),
  }
  const queues = WORKFLOWS.flatMap((w) => [
    ...(w.input.type === 'queue' ? [w.input.queue] : []),
    ...(w.output.type === 'queue' ? [w.output.queue] : []),
  ])
  const snsOut = WORKFLOWS.find((w) => w.sink.kind === 'sink.sns')?.output
  const eventsOut = WORKFLOWS.find((w) => w.sink.kind === 'sink.eventbridge')?.output
  const created = await createResources(aws, {
    buckets: [INBOX],
    queues,
    topics: [TOPIC],
    streams: [STREAM],
    buses: [BUS],
    subscriptions: snsOut?.type === 'queue' ? { [TOPIC]: [snsOut.queue] } : {},
  })
  if (eventsOut?.type === 'queue') await routeEvents(aws, eventsOut.queue)
  return {
    child,
    endpoints: at,
    aws,
    proxied: {
      fauxqs: proxies.fauxqs.endpoint,
      kinesis: proxies.kinesis.endpoint,
      standIn: proxies.standIn.endpoint,
    },
    proxies,
    queueUrls: created.queueUrls,
    setRates(rates) {
      for (const proxy of Object.values(proxies)) proxy.setRates(rates)
    },
    async stop() {
      await Promise.allSettled(Object.values(proxies).map((proxy) => proxy.stop()))
      children.signal(child, 'SIGTERM')
      await children.exitOf(child, 10_000)
    },
  }
}

/** A rule on the bus that sends every event of the chaos run to `queue`. */
async function routeEvents(aws: Pick<LocalAws, 'clientConfig'>, queue: string): Promise<void> {
  const events = new EventBridgeClient(aws.clientConfig('eventbridge'))
  try {
    await events.send(
      new PutRuleCommand({
        Name: 'chaos-to-queue',
        EventBusName: BUS,
        EventPattern: JSON.stringify({ source: [EVENT_SOURCE] }),
      }),
    )
    await events.send(
      new PutTargetsCommand({
        Rule: 'chaos-to-queue',
        EventBusName: BUS,
        Targets: [{ Id: 'queue', Arn: `arn:aws:sqs:us-east-1:000000000000:${queue}` }],
      }),
    )
  } finally {
    events.destroy()
  }
}
