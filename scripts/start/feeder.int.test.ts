import { createResources, type LocalAws, startLocalAws } from '@sluice/aws-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../../packages/engine/src/system/children.ts'
import { demoOrder, Feeder } from './feeder.ts'

/** How many messages the queue holds, by its attributes (the test never receives them). */
async function queued(aws: LocalAws, queueUrl: string): Promise<number> {
  const response = await fetch(aws.endpoints.sqs, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.GetQueueAttributes' },
    body: JSON.stringify({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  })
  const body: unknown = await response.json()
  const attributes: unknown =
    typeof body === 'object' && body !== null ? Reflect.get(body, 'Attributes') : undefined
  const count: unknown =
    typeof attributes === 'object' && attributes !== null
      ? Reflect.get(attributes, 'ApproximateNumberOfMessages')
      : undefined
  return Number(count)
}

/** The keys under `invoices/` in the bucket. */
async function files(aws: LocalAws, bucket: string): Promise<string[]> {
  const listing = await (await fetch(`${aws.endpoints.s3}/${bucket}?list-type=2&prefix=invoices/`)).text()
  return [...listing.matchAll(/<Key>([^<]+)<\/Key>/g)].flatMap((m) => (m[1] === undefined ? [] : [m[1]]))
}

describe('the demo traffic of pnpm start', () => {
  let aws: LocalAws
  let queueUrl: string
  beforeAll(async () => {
    aws = await startLocalAws()
    const created = await createResources(aws, { queues: ['orders'], buckets: ['inbox'] })
    queueUrl = created.queueUrls.orders ?? ''
  }, 60_000)
  afterAll(async () => {
    await aws?.stop()
  })

  it('makes orders of every size: some of 1000 or more (the large route), most below', () => {
    const totals = Array.from({ length: 60 }, (_, n) =>
      demoOrder(n).items.reduce(
        (sum, item) => sum + Reflect.get(item, 'qty') * Reflect.get(item, 'price'),
        0,
      ),
    )
    expect(totals.filter((t) => t >= 1000).length).toBe(15)
    expect(totals.filter((t) => t < 1000).length).toBe(45)
    expect(new Set(Array.from({ length: 60 }, (_, n) => demoOrder(n).orderId)).size).toBe(60)
  })

  it('seeds orders and files, then keeps sending at its pace until stopped', async () => {
    const warnings: string[] = []
    const feeder = new Feeder(
      {
        sqsEndpoint: aws.endpoints.sqs,
        ordersQueueUrl: queueUrl,
        s3Endpoint: aws.endpoints.s3,
        inboxBucket: 'inbox',
      },
      { orderEveryMs: 50, fileEveryMs: 200, warn: (m) => warnings.push(m) },
    )
    await feeder.seed(3, 1)
    expect(await queued(aws, queueUrl)).toBe(3)
    const seeded = await files(aws, 'inbox')
    expect(seeded).toHaveLength(1)
    const lines = (await (await fetch(`${aws.endpoints.s3}/inbox/${seeded[0]}`)).text()).trim().split('\n')
    expect(lines.map((l) => JSON.parse(l).status)).toEqual(['paid', 'open', 'paid', 'overdue', 'paid'])

    feeder.start()
    await waitFor(
      'orders and files to keep coming',
      async () => feeder.sent.orders >= 10 && feeder.sent.files >= 3,
      10_000,
      50,
    )
    await feeder.stop()
    const sent = feeder.sent
    expect(await queued(aws, queueUrl)).toBe(sent.orders)
    expect(await files(aws, 'inbox')).toHaveLength(sent.files)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(feeder.sent).toEqual(sent)
    expect(warnings).toEqual([])
  })

  it('says once, not every second, that the stack cannot be reached', async () => {
    const warnings: string[] = []
    const feeder = new Feeder(
      {
        sqsEndpoint: 'http://127.0.0.1:9',
        ordersQueueUrl: queueUrl,
        s3Endpoint: 'http://127.0.0.1:9',
        inboxBucket: 'inbox',
      },
      { orderEveryMs: 20, fileEveryMs: 20, warn: (m) => warnings.push(m) },
    )
    feeder.start()
    await new Promise((resolve) => setTimeout(resolve, 300))
    await feeder.stop()
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toMatch(/^demo traffic \((orders|files)\): /)
  })
})
