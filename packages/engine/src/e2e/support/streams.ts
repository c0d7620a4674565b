import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis'

/** One record read back: its data as text and its partition key. */
export interface StreamRecord {
  readonly data: string
  readonly key: string
}

/** Every record a stream holds, read from the start of each shard. */
export async function readRecords(kinesis: KinesisClient, stream: string): Promise<StreamRecord[]> {
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: stream }))
  const records: StreamRecord[] = []
  for (const shard of Shards) {
    let { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: stream,
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    )
    for (let round = 0; ShardIterator !== undefined && round < 1_000; round++) {
      const answer = await kinesis.send(new GetRecordsCommand({ ShardIterator, Limit: 10_000 }))
      const batch = answer.Records ?? []
      for (const record of batch)
        records.push({
          data: Buffer.from(record.Data ?? new Uint8Array()).toString('utf8'),
          key: record.PartitionKey ?? '',
        })
      if (batch.length === 0 && (answer.MillisBehindLatest ?? 0) === 0) break
      ShardIterator = answer.NextShardIterator
    }
  }
  return records
}

/** The data of every record a stream holds, as text. */
export async function readStream(kinesis: KinesisClient, stream: string): Promise<string[]> {
  return (await readRecords(kinesis, stream)).map((record) => record.data)
}
