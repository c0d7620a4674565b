import { S3Client } from '@aws-sdk/client-s3'
import { SQSClient } from '@aws-sdk/client-sqs'
import type { AwsClients } from '@sluice/aws'
import type { LocalAws } from '@sluice/aws-local'

function notForSources(): never {
  throw new Error('the sources use only the S3 and SQS clients')
}

/**
 * The S3 and SQS clients of the local AWS stack, made as the engine makes its own (`maxAttempts:
 * 1`, so retries are the source's), for integration tests.
 */
export function localClients(aws: LocalAws): AwsClients {
  let s3: S3Client | undefined
  let sqs: SQSClient | undefined
  return {
    region: aws.region,
    credentials: async () => ({ ...aws.credentials }),
    s3: () => {
      s3 ??= new S3Client({ ...aws.clientConfig('s3'), maxAttempts: 1 })
      return s3
    },
    sqs: () => {
      sqs ??= new SQSClient({ ...aws.clientConfig('sqs'), maxAttempts: 1 })
      return sqs
    },
    sns: notForSources,
    kinesis: notForSources,
    eventBridge: notForSources,
    sts: notForSources,
    destroy() {
      s3?.destroy()
      sqs?.destroy()
    },
  }
}
