import { copyFile, mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { type Asset, assetToYaml, builtinRegistry, defaultFileFor } from '@sluice/assets'
import { ROOT } from '../../packages/engine/src/system/children.ts'

/** Where a workflow's messages come from: a queue, or NDJSON objects under a bucket prefix. */
export type ChaosInput =
  | { readonly type: 'queue'; readonly queue: string }
  | { readonly type: 'bucket'; readonly bucket: string; readonly prefix: string }

/** Where they are counted: a queue (SQS, SNS and EventBridge sinks deliver to one) or a stream. */
export type ChaosOutput =
  | { readonly type: 'queue'; readonly queue: string }
  | { readonly type: 'stream'; readonly stream: string }

/** One workflow of the chaos run. */
export interface ChaosWorkflow {
  readonly name: string
  readonly label: string
  readonly requiredRoles: readonly string[]
  readonly input: ChaosInput
  readonly output: ChaosOutput
  /** The sink asset, without its connection. */
  readonly sink: { readonly kind: string; readonly spec: Record<string, unknown> }
}

export const TOPIC = 'chaos-topic'
export const STREAM = 'chaos-stream'
export const BUS = 'chaos-bus'
export const EVENT_SOURCE = 'chaos.run'
export const INBOX = 'chaos-inbox'

/** The workflows: SQS → Kinesis, SNS, SQS and EventBridge, and S3 → SQS. */
export const WORKFLOWS: readonly ChaosWorkflow[] = [
  {
    name: 'sqs-to-kinesis',
    label: 'SQS → Kinesis',
    requiredRoles: ['streams'],
    input: { type: 'queue', queue: 'chaos-kinesis-in' },
    output: { type: 'stream', stream: STREAM },
    sink: { kind: 'sink.kinesis', spec: { stream: STREAM, partitionKey: '${msg:body.id}' } },
  },
  {
    name: 'sqs-to-sns',
    label: 'SQS → SNS',
    requiredRoles: ['queues'],
    input: { type: 'queue', queue: 'chaos-sns-in' },
    output: { type: 'queue', queue: 'chaos-sns-out' },
    sink: { kind: 'sink.sns', spec: { topicArn: `arn:aws:sns:us-east-1:000000000000:${TOPIC}` } },
  },
  {
    name: 'sqs-to-sqs',
    label: 'SQS → SQS',
    requiredRoles: ['queues'],
    input: { type: 'queue', queue: 'chaos-sqs-in' },
    output: { type: 'queue', queue: 'chaos-sqs-out' },
    sink: { kind: 'sink.sqs', spec: { queue: 'chaos-sqs-out' } },
  },
  {
    name: 'sqs-to-eventbridge',
    label: 'SQS → EventBridge',
    requiredRoles: ['events'],
    input: { type: 'queue', queue: 'chaos-events-in' },
    output: { type: 'queue', queue: 'chaos-events-out' },
    sink: {
      kind: 'sink.eventbridge',
      spec: { eventBuses: [BUS], source: EVENT_SOURCE, detailType: 'ChaosEvent' },
    },
  },
  {
    name: 's3-to-sqs',
    label: 'S3 → SQS',
    requiredRoles: ['files'],
    input: { type: 'bucket', bucket: INBOX, prefix: 'in/' },
    output: { type: 'queue', queue: 'chaos-s3-out' },
    sink: { kind: 'sink.sqs', spec: { queue: 'chaos-s3-out' } },
  },
]

/** The engine nodes and their roles: each workflow can run on two of them. */
export const NODES: Readonly<Record<string, readonly string[]>> = {
  'node-1': ['queues', 'streams'],
  'node-2': ['queues', 'events', 'files'],
  'node-3': ['streams', 'events', 'files'],
}

/** Endpoints the engine nodes use: the fault proxies in front of the emulators. */
export interface ProxyEndpoints {
  /** In front of fauxqs: S3, SQS and SNS. */
  readonly fauxqs: string
  readonly kinesis: string
  /** In front of the stand-in: EventBridge and STS. */
  readonly standIn: string
}

/** Messages each SQS source holds unsettled on a node: what a kill can make arrive twice. */
export const SQS_IN_FLIGHT = 100

/** Objects the S3 source reads at once: their records can arrive twice after a kill. */
export const OBJECTS_IN_FLIGHT = 2

/** Seconds a received message stays hidden; a SIGKILLed node's messages come back after this. */
export const VISIBILITY_SECONDS = 10

const asset = (kind: string, name: string, spec: object, requiredRoles: readonly string[] = []): Asset => ({
  kind,
  name,
  requiredRoles: [...requiredRoles],
  spec,
})

function sourceOf(workflow: ChaosWorkflow): Asset {
  const name = `${workflow.name}-in`
  if (workflow.input.type === 'bucket')
    return asset('source.s3', name, {
      connection: 'chaos-aws',
      bucket: workflow.input.bucket,
      prefix: workflow.input.prefix,
      discovery: { mode: 'poll', schedule: { type: 'interval', seconds: 1 } },
      format: { type: 'ndjson' },
      afterRead: { action: 'delete' },
      maxObjectsInFlight: OBJECTS_IN_FLIGHT,
    })
  return asset('source.sqs', name, {
    connection: 'chaos-aws',
    queue: workflow.input.queue,
    bodyFormat: 'json',
    waitTimeSeconds: 2,
    visibilityTimeoutSeconds: VISIBILITY_SECONDS,
    heartbeat: { intervalSeconds: 3, extensionSeconds: VISIBILITY_SECONDS },
    maxInFlight: SQS_IN_FLIGHT,
    onNack: { mode: 'backoff', initialSeconds: 1, maxSeconds: 5 },
  })
}

/** Every asset of the chaos project: connection, sources, sinks, workflows and the deployment. */
export function chaosAssets(endpoints: ProxyEndpoints): Asset[] {
  const assets: Asset[] = [
    asset('connection.aws', 'chaos-aws', {
      region: 'us-east-1',
      accountId: '000000000000',
      auth: {
        mode: 'accessKey',
        accessKeyId: 'test',
        secretAccessKey: '${sec:demo-secrets/aws-secret-access-key}',
      },
      endpoints: {
        s3: endpoints.fauxqs,
        sqs: endpoints.fauxqs,
        sns: endpoints.fauxqs,
        kinesis: endpoints.kinesis,
        eventbridge: endpoints.standIn,
        sts: endpoints.standIn,
      },
      s3ForcePathStyle: true,
    }),
  ]
  for (const workflow of WORKFLOWS) {
    const source = sourceOf(workflow)
    const sink = asset(workflow.sink.kind, `${workflow.name}-out`, {
      connection: 'chaos-aws',
      ...workflow.sink.spec,
    })
    assets.push(
      source,
      sink,
      asset(
        'workflow',
        workflow.name,
        {
          nodes: [
            { id: 'in', type: 'source', asset: source.name },
            { id: 'out', type: 'sink', asset: sink.name },
          ],
          links: [{ from: 'in', to: 'out' }],
        },
        workflow.requiredRoles,
      ),
    )
  }
  assets.push(
    asset('deployment', 'chaos', { workflows: WORKFLOWS.map((w) => w.name), secrets: ['demo-secrets'] }),
  )
  return assets
}

/**
 * Writes the chaos project to `dir`: {@link chaosAssets} as YAML, and the demo's secret (sealed to
 * the demo cluster key in `examples/demo-keys`, which the engine nodes are given).
 */
export async function writeChaosProject(dir: string, endpoints: ProxyEndpoints): Promise<void> {
  for (const a of chaosAssets(endpoints)) {
    const file = join(dir, defaultFileFor(a, builtinRegistry) ?? `${a.name}.yaml`)
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, assetToYaml(builtinRegistry, a))
  }
  const secret = join('resources', 'secrets', 'demo-secrets.yaml')
  await mkdir(join(dir, 'resources', 'secrets'), { recursive: true })
  await copyFile(join(ROOT, 'examples', 'demo', secret), join(dir, secret))
}
