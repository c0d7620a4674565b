import type { PutRecordsRequestEntry } from '@aws-sdk/client-kinesis'
import { type SpecOf, sinkKinesis } from '@sluice/assets'
import { defineSink } from '../../runtime/contracts.ts'
import { batchingSinkFactory } from '../batching/factory.ts'
import type { BatchService } from '../batching/types.ts'
import { outcomesByPosition } from '../shared/batch-results.ts'
import { bodyBytes, utf8Length } from '../shared/body.ts'
import { InvalidMessageError } from '../shared/failures.ts'
import { compileField, compileOptionalField, messageContext } from '../shared/templates.ts'
import { type KinesisPutter, kinesisPutter } from './kinesis-client.ts'

export type KinesisSinkSpec = SpecOf<typeof sinkKinesis>

/**
 * The most one record may hold, data and partition key together, on a stream with the default
 * maximum record size. A stream configured for larger records still gets at most this from the sink.
 */
export const KINESIS_MAX_RECORD_BYTES = 1_048_576

const MAX_PARTITION_KEY_LENGTH = 256
const MAX_HASH_KEY = 2n ** 128n - 1n

/**
 * Kinesis `PutRecords` to one stream (by name or ARN). Each record holds the body (bytes as they
 * are, text as UTF-8, other values as JSON), the rendered partition key and, if set, the explicit
 * hash key. Its size is the data plus the partition key, as Kinesis counts it. Records that fail
 * inside a call (`ProvisionedThroughputExceededException`, `InternalFailure`) are retried alone,
 * so, as with `PutRecords` itself, records of one partition key may land out of order.
 */
export function kinesisService(
  spec: KinesisSinkSpec,
  putter: KinesisPutter,
): BatchService<PutRecordsRequestEntry> {
  const partitionKey = compileField(spec.partitionKey, '/partitionKey')
  const explicitHashKey = compileOptionalField(spec.explicitHashKey, '/explicitHashKey')
  const stream = spec.stream.startsWith('arn:') ? { StreamARN: spec.stream } : { StreamName: spec.stream }
  return {
    name: 'Kinesis',
    maxEntryBytes: KINESIS_MAX_RECORD_BYTES,
    describeCall: () => ({ what: `PutRecords to stream "${spec.stream}"`, action: 'kinesis:PutRecords' }),
    prepare(envelope, now) {
      const message = messageContext(envelope, now)
      const data = bodyBytes(envelope.body)
      const key = checkedPartitionKey(partitionKey(message))
      const payload: PutRecordsRequestEntry = { Data: data, PartitionKey: key }
      const hashKey = explicitHashKey?.(message)
      if (hashKey) payload.ExplicitHashKey = checkedHashKey(hashKey)
      return [{ target: '', payload, bytes: data.byteLength + utf8Length(key) }]
    },
    async send(_target, payloads, signal) {
      const answer = await putter.putRecords({ ...stream, Records: [...payloads] }, signal)
      return outcomesByPosition(payloads.length, answer.Records)
    },
  }
}

function checkedPartitionKey(key: string): string {
  if (key.length >= 1 && key.length <= MAX_PARTITION_KEY_LENGTH) return key
  throw new InvalidMessageError(
    'sink.partition-key-invalid',
    `the partition key must be 1 to ${MAX_PARTITION_KEY_LENGTH} characters; it rendered as ${key.length}`,
  )
}

function checkedHashKey(key: string): string {
  if (/^\d{1,39}$/.test(key) && BigInt(key) <= MAX_HASH_KEY) return key
  throw new InvalidMessageError(
    'sink.hash-key-invalid',
    `the explicit hash key must be a decimal number from 0 to 2^128-1, and the rendered value (${key.length} characters, not shown) is not`,
  )
}

/** Creates the Kinesis sink on the batching core; unit tests give it a fake client. */
export const createKinesisSink = batchingSinkFactory(kinesisService)

/** The engine implementation of `sink.kinesis`. */
export const kinesisSink = defineSink(sinkKinesis, (spec, context) =>
  createKinesisSink(spec, context, { client: kinesisPutter(context.clients.kinesis()) }),
)
