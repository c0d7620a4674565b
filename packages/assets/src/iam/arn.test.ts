import { describe, expect, it } from 'vitest'
import {
  bucketArn,
  eventBusArn,
  isQueueUrl,
  kmsKeyArn,
  objectArn,
  partitionOf,
  queueArn,
  queueNameOf,
  streamArn,
  topicArn,
} from './arn.ts'
import type { IamContext } from './types.ts'

const ctx: IamContext = { partition: 'aws', region: 'eu-central-1', account: '123456789012' }
const unknownAccount: IamContext = { ...ctx, account: '*' }

describe('partitionOf', () => {
  it.each([
    ['eu-central-1', 'aws'],
    ['mx-central-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
  ])('%s is in %s', (region, partition) => {
    expect(partitionOf(region)).toBe(partition)
  })
})

describe('S3 ARNs', () => {
  it('names a bucket and the objects under a prefix', () => {
    expect(bucketArn(ctx, 'inbox')).toBe('arn:aws:s3:::inbox')
    expect(objectArn(ctx, 'inbox', 'in/')).toBe('arn:aws:s3:::inbox/in/*')
    expect(objectArn(ctx, 'inbox')).toBe('arn:aws:s3:::inbox/*')
    expect(bucketArn({ ...ctx, partition: 'aws-cn' }, 'b')).toBe('arn:aws-cn:s3:::b')
  })
})

describe('queueArn', () => {
  it.each([
    ['a name', 'orders', 'arn:aws:sqs:eu-central-1:123456789012:orders'],
    [
      'an AWS URL in another region and account',
      'https://sqs.us-east-1.amazonaws.com/210987654321/orders.fifo',
      'arn:aws:sqs:us-east-1:210987654321:orders.fifo',
    ],
    [
      'a legacy URL',
      'https://eu-west-1.queue.amazonaws.com/210987654321/q',
      'arn:aws:sqs:eu-west-1:210987654321:q',
    ],
    [
      'a China URL',
      'https://sqs.cn-north-1.amazonaws.com.cn/210987654321/q',
      'arn:aws-cn:sqs:cn-north-1:210987654321:q',
    ],
    [
      'an emulator URL',
      'http://127.0.0.1:4566/000000000000/audit',
      'arn:aws:sqs:eu-central-1:000000000000:audit',
    ],
    ['an ARN', 'arn:aws:sqs:us-east-2:111122223333:x', 'arn:aws:sqs:us-east-2:111122223333:x'],
  ])('builds it from %s', (_title, queue, arn) => {
    expect(queueArn(ctx, queue)).toBe(arn)
  })

  it('puts an unknown account as *', () => {
    expect(queueArn(unknownAccount, 'orders')).toBe('arn:aws:sqs:eu-central-1:*:orders')
    expect(queueArn(unknownAccount, 'http://localhost:9324/queue/orders')).toBe(
      'arn:aws:sqs:eu-central-1:*:orders',
    )
  })

  it('tells names from URLs', () => {
    expect(isQueueUrl('orders')).toBe(false)
    expect(isQueueUrl('https://sqs.us-east-1.amazonaws.com/1/orders')).toBe(true)
    expect(queueNameOf('https://sqs.us-east-1.amazonaws.com/1/orders.fifo')).toBe('orders.fifo')
    expect(queueNameOf('arn:aws:sqs:us-east-1:1:jobs')).toBe('jobs')
    expect(queueNameOf('jobs')).toBe('jobs')
  })
})

describe('topic, stream, bus and key ARNs', () => {
  it('passes ARNs through and places names in the context account', () => {
    const arn = 'arn:aws:sns:us-east-1:210987654321:t.fifo'
    expect(topicArn(ctx, arn)).toBe(arn)
    expect(topicArn(ctx, 'alerts')).toBe('arn:aws:sns:eu-central-1:123456789012:alerts')
    expect(streamArn(ctx, 'clicks')).toBe('arn:aws:kinesis:eu-central-1:123456789012:stream/clicks')
    expect(streamArn(ctx, 'arn:aws:kinesis:us-east-1:1:stream/s')).toBe(
      'arn:aws:kinesis:us-east-1:1:stream/s',
    )
    expect(eventBusArn(ctx, 'default')).toBe('arn:aws:events:eu-central-1:123456789012:event-bus/default')
    expect(eventBusArn(unknownAccount, 'ops')).toBe('arn:aws:events:eu-central-1:*:event-bus/ops')
    expect(eventBusArn(ctx, 'arn:aws:events:us-east-1:1:event-bus/x')).toBe(
      'arn:aws:events:us-east-1:1:event-bus/x',
    )
  })

  it('names a KMS key exactly, and every key of the account for an alias', () => {
    const keyArn = 'arn:aws:kms:eu-central-1:123456789012:key/0b5e'
    expect(kmsKeyArn(ctx, keyArn)).toBe(keyArn)
    expect(kmsKeyArn(ctx, '0b5e')).toBe(keyArn)
    expect(kmsKeyArn(ctx, 'alias/app')).toBe('arn:aws:kms:eu-central-1:123456789012:key/*')
    expect(kmsKeyArn(ctx, 'arn:aws:kms:us-east-1:210987654321:alias/app')).toBe(
      'arn:aws:kms:us-east-1:210987654321:key/*',
    )
  })
})
