import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs'
import { expect } from 'vitest'

/** The HTTP status of an SDK error, if it has one. */
export function httpStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('$metadata' in err)) return undefined
  const meta = err.$metadata
  if (typeof meta !== 'object' || meta === null || !('httpStatusCode' in meta)) return undefined
  return typeof meta.httpStatusCode === 'number' ? meta.httpStatusCode : undefined
}

/** The error name and HTTP status a promise rejects with (`resolved` if it does not). */
export async function errorOf(promise: Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await promise
    return { name: 'resolved' }
  } catch (err) {
    const status = httpStatus(err)
    return {
      name: err instanceof Error ? err.name : String(err),
      ...(status === undefined ? {} : { status }),
    }
  }
}

/** The error name a promise rejects with (`resolved` if it does not). */
export async function errorName(promise: Promise<unknown>): Promise<string> {
  return (await errorOf(promise)).name
}

/** Creates a queue and returns its URL and ARN. */
export async function queueWithArn(client: SQSClient, name: string): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: name }))
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  )
  if (QueueUrl === undefined || Attributes?.QueueArn === undefined)
    throw new Error(`queue ${name} not created`)
  return { url: QueueUrl, arn: Attributes.QueueArn }
}

/** Long-polls a queue (up to 5 s) for exactly one message, deletes it and returns its body. */
export async function receiveOne(client: SQSClient, url: string): Promise<string> {
  const { Messages } = await client.send(
    new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 5 }),
  )
  expect(Messages).toHaveLength(1)
  const [message] = Messages ?? []
  await client.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message?.ReceiptHandle }))
  return message?.Body ?? ''
}
