import { cp, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs'
import { createResources, type LocalAws } from '@sluice/aws-local'
import { ROOT } from './children.ts'

export const DEMO_KEY = join(ROOT, 'examples', 'demo-keys', 'demo-cluster.key')
export const DEMO_PUBLIC_KEY = join(ROOT, 'examples', 'demo-keys', 'demo-cluster.pub')

async function rewrite(file: string, changes: readonly [string, string][]): Promise<void> {
  let text = await readFile(file, 'utf8')
  for (const [from, to] of changes) {
    if (!text.includes(from)) throw new Error(`${file} no longer holds "${from}"; update the system test`)
    text = text.replace(from, to)
  }
  await writeFile(file, text)
}

/**
 * Copies `examples/demo` to `dir` for the local stack: its endpoints, the roles each workflow
 * requires (placement follows them), and quicker timings so arrivals can be counted within
 * seconds: S3 listing every second, archive objects closed after a second, and a 10 s SQS
 * visibility timeout, because a long poll cut off when a node stops can still take messages,
 * which then stay hidden until their visibility timeout ends.
 */
export async function prepareDemoProject(
  dir: string,
  aws: LocalAws,
  roles: { 'orders-fanout': string[]; 'invoices-archive': string[] },
): Promise<void> {
  await cp(join(ROOT, 'examples', 'demo'), dir, { recursive: true })
  await rewrite(join(dir, 'resources', 'environments', 'local.yaml'), [
    ['http://127.0.0.1:4566', aws.endpoints.sqs],
    ['http://127.0.0.1:4567', aws.endpoints.kinesis],
    ['http://127.0.0.1:4568', aws.endpoints.eventbridge],
  ])
  for (const [workflow, required] of Object.entries(roles))
    await rewrite(join(dir, 'workflows', `${workflow}.yaml`), [
      [`name: ${workflow}\n`, `name: ${workflow}\nrequiredRoles: [${required.join(', ')}]\n`],
    ])
  await rewrite(join(dir, 'sources', 'invoice-files.yaml'), [['seconds: 5', 'seconds: 1']])
  await rewrite(join(dir, 'sinks', 'archive-bucket.yaml'), [['maxSeconds: 60', 'maxSeconds: 1']])
  await rewrite(join(dir, 'sources', 'orders-queue.yaml'), [
    ['visibilityTimeoutSeconds: 60', 'visibilityTimeoutSeconds: 10\n  heartbeat: { intervalSeconds: 3 }'],
  ])
}

/**
 * The demo's AWS resources on the local stack, and the traffic of a system test: orders sent to
 * the orders queue and counted as they reach the audit queue (every order here is small), invoice
 * files put in the inbox and counted as the source moves them to `done/`.
 */
export class DemoTraffic {
  readonly #sqs: SQSClient
  readonly #s3: S3Client
  readonly #queues: Record<string, string>
  readonly #audited = new Set<string>()
  #orders = 0
  #files = 0

  private constructor(aws: LocalAws, queues: Record<string, string>) {
    this.#sqs = new SQSClient(aws.clientConfig('sqs'))
    this.#s3 = new S3Client(aws.clientConfig('s3'))
    this.#queues = queues
  }

  static async create(aws: LocalAws): Promise<DemoTraffic> {
    const created = await createResources(aws, {
      buckets: ['sluice-demo-inbox', 'sluice-demo-archive'],
      queues: ['sluice-demo-orders', 'sluice-demo-audit'],
      topics: ['sluice-demo-order-events'],
      streams: ['sluice-demo-orders'],
      buses: ['sluice-demo'],
    })
    return new DemoTraffic(aws, created.queueUrls)
  }

  #queue(name: string): string {
    const url = this.#queues[name]
    if (url === undefined) throw new Error(`queue ${name} was not created`)
    return url
  }

  /** Sends `count` small orders (in batches of 10); returns how many have been sent in all. */
  async sendOrders(count: number): Promise<number> {
    for (let start = 0; start < count; start += 10) {
      const entries = Array.from({ length: Math.min(10, count - start) }, (_, i) => {
        const n = this.#orders + start + i
        return {
          Id: `o${i}`,
          MessageBody: JSON.stringify({
            orderId: `o-${n}`,
            customerId: `c-${n % 3}`,
            items: [{ qty: 1, price: 5 }],
          }),
        }
      })
      await this.#sqs.send(
        new SendMessageBatchCommand({ QueueUrl: this.#queue('sluice-demo-orders'), Entries: entries }),
      )
    }
    this.#orders += count
    return this.#orders
  }

  /** Puts `count` NDJSON invoice files of three lines each in the inbox; returns how many in all. */
  async putFiles(count: number): Promise<number> {
    for (let i = 0; i < count; i++) {
      const n = this.#files + i
      const lines = ['paid', 'open', 'paid'].map((status, line) =>
        JSON.stringify({ invoice: `i-${n}-${line}`, status }),
      )
      await this.#s3.send(
        new PutObjectCommand({
          Bucket: 'sluice-demo-inbox',
          Key: `invoices/batch-${String(n).padStart(4, '0')}.ndjson`,
          Body: `${lines.join('\n')}\n`,
        }),
      )
    }
    this.#files += count
    return this.#files
  }

  /** Distinct orders that reached the audit queue so far (received and deleted here). */
  async audited(): Promise<number> {
    const queue = this.#queue('sluice-demo-audit')
    for (let round = 0; round < 20; round++) {
      const received = await this.#sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queue, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      )
      const messages = received.Messages ?? []
      if (messages.length === 0) break
      for (const message of messages) {
        const body: unknown = JSON.parse(message.Body ?? '{}')
        const id: unknown =
          typeof body === 'object' && body !== null ? Reflect.get(body, 'orderId') : undefined
        if (typeof id === 'string') this.#audited.add(id)
      }
      await this.#sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queue,
          Entries: messages.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })),
        }),
      )
    }
    return this.#audited.size
  }

  /** Invoice files the S3 source has finished and moved to `done/invoices/`. */
  async filesDone(): Promise<number> {
    const listed = await this.#s3.send(
      new ListObjectsV2Command({ Bucket: 'sluice-demo-inbox', Prefix: 'done/invoices/' }),
    )
    return listed.KeyCount ?? 0
  }

  close(): void {
    this.#sqs.destroy()
    this.#s3.destroy()
  }
}
