import type { AwsClients } from '@sluice/aws'

/** AWS clients for runner tests that never call AWS: any client asked for throws. */
export function fakeAwsClients(region = 'us-east-1'): AwsClients & { destroyed: boolean } {
  const unused = (): never => {
    throw new Error('this test makes no AWS calls')
  }
  const clients = {
    region,
    credentials: async () => ({ accessKeyId: 'fake', secretAccessKey: 'fake' }),
    s3: unused,
    sqs: unused,
    sns: unused,
    kinesis: unused,
    eventBridge: unused,
    sts: unused,
    destroyed: false,
    destroy() {
      clients.destroyed = true
    },
  }
  return clients
}
