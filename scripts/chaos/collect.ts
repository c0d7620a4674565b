import { KinesisClient } from '@aws-sdk/client-kinesis'
import { SQSClient } from '@aws-sdk/client-sqs'
import type { LocalAws } from '@sluice/aws-local'
import { collect } from '../../packages/engine/src/e2e/support/queues.ts'
import { readStream } from '../../packages/engine/src/e2e/support/streams.ts'
import { countWorkflow, type WorkflowCount } from './count.ts'
import type { ChaosWorkflow } from './project.ts'

/**
 * Reads every workflow's output from the emulators (queues received and deleted until as many as
 * were sent arrived and nothing more came for 3 s, or for at most `timeoutMs` per queue; streams
 * read from the start) and counts it against the ids sent.
 */
export async function countOutputs(
  aws: Pick<LocalAws, 'clientConfig'>,
  workflows: readonly ChaosWorkflow[],
  queueUrls: Readonly<Record<string, string>>,
  sent: (workflow: string) => readonly string[],
  timeoutMs: number,
): Promise<WorkflowCount[]> {
  const sqs = new SQSClient(aws.clientConfig('sqs'))
  const kinesis = new KinesisClient(aws.clientConfig('kinesis'))
  try {
    const counts: WorkflowCount[] = []
    for (const workflow of workflows) {
      const ids = sent(workflow.name)
      const output = workflow.output
      const bodies =
        output.type === 'stream'
          ? await readStream(kinesis, output.stream)
          : await collect(sqs, queueUrls[output.queue] ?? '', {
              expected: ids.length,
              quietMs: 3_000,
              timeoutMs,
            })
      counts.push(
        countWorkflow(
          workflow,
          ids,
          bodies,
          workflow.sink.kind === 'sink.eventbridge' ? 'eventbridge' : 'none',
        ),
      )
    }
    return counts
  } finally {
    sqs.destroy()
    kinesis.destroy()
  }
}
