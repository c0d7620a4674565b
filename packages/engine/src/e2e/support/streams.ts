import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis'

/** Every record a stream holds, read from the start of each shard, as text. */
export async function readStream(kinesis: KinesisClient, stream: string): Promise<string[]> {
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: stream }))
  const records: string[] = []
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
      for (const record of batch) records.push(Buffer.from(record.Data ?? new Uint8Array()).toString('utf8'))
      if (batch.length === 0 && (answer.MillisBehindLatest ?? 0) === 0) break
      ShardIterator = answer.NextShardIterator
    }
  }
  return records
}
