import {
  type KinesisClient,
  PutRecordsCommand,
  type PutRecordsInput,
  type PutRecordsOutput,
} from '@aws-sdk/client-kinesis'

/** The one Kinesis call the Kinesis sink makes. */
export interface KinesisPutter {
  putRecords(input: PutRecordsInput, signal: AbortSignal): Promise<PutRecordsOutput>
}

/** The Kinesis sink's calls on a real SDK client. */
export function kinesisPutter(client: KinesisClient): KinesisPutter {
  return {
    putRecords: (input, signal) => client.send(new PutRecordsCommand(input), { abortSignal: signal }),
  }
}
