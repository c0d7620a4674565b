import type { AwsCalls } from '../aws-calls.ts'

/** A recorded call of {@link fakeCalls}: its name and arguments (without the signal). */
export interface RecordedCall {
  call: keyof AwsCalls
  args: unknown[]
}

/**
 * {@link AwsCalls} whose methods are the given fakes; any other call fails the test. Every call is
 * recorded, in order.
 */
export function fakeCalls(fakes: Partial<AwsCalls>): { calls: AwsCalls; made: RecordedCall[] } {
  const made: RecordedCall[] = []
  const via = <K extends keyof AwsCalls>(call: K, args: unknown[]): AwsCalls[K] => {
    made.push({ call, args })
    const fake = fakes[call]
    if (fake === undefined) throw new Error(`unexpected call ${call}`)
    return fake
  }
  const calls: AwsCalls = {
    resolveCredentials: () => via('resolveCredentials', [])(),
    getCallerIdentity: (s) => via('getCallerIdentity', [])(s),
    getQueueUrl: (n, s) => via('getQueueUrl', [n])(n, s),
    getQueueAttributes: (u, a, s) => via('getQueueAttributes', [u, a])(u, a, s),
    listObjects: (r, s) => via('listObjects', [r])(r, s),
    headBucket: (b, s) => via('headBucket', [b])(b, s),
    listBuckets: (r, s) => via('listBuckets', [r])(r, s),
    listQueues: (r, s) => via('listQueues', [r])(r, s),
    getTopicAttributes: (a, s) => via('getTopicAttributes', [a])(a, s),
    listTopics: (t, s) => via('listTopics', [t])(t, s),
    describeStreamSummary: (n, s) => via('describeStreamSummary', [n])(n, s),
    listStreams: (r, s) => via('listStreams', [r])(r, s),
    describeEventBus: (n, s) => via('describeEventBus', [n])(n, s),
    listEventBuses: (r, s) => via('listEventBuses', [r])(r, s),
  }
  return { calls, made }
}

/** An SDK-shaped service error. */
export function serviceError(name: string, status: number, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } })
}
