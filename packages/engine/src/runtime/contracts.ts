import type { AssetTypeDefinition, ObjectProgress } from '@sluice/assets'
import type { AwsClients } from '@sluice/aws'
import type { Observable } from 'rxjs'
import type { Static, TSchema } from 'typebox'
import type { Envelope } from './envelope.ts'

/** A structured logger (pino's shape). Never give it secret values. */
export interface Logger {
  debug(fields: object, message: string): void
  info(fields: object, message: string): void
  warn(fields: object, message: string): void
  error(fields: object, message: string): void
}

/** Durable key/value state of one workflow on one node (checkpoints), written atomically. */
export interface StateStore {
  get(key: string): Promise<string | undefined>
  set(key: string, value: string): Promise<void>
  delete(key: string): Promise<void>
}

/** What sinks report so the workflow's metrics show batch fill and retries. */
export interface SinkMetrics {
  /** A batch call was made with `entries` of at most `maxEntries`. */
  batchSent(entries: number, maxEntries: number): void
  /** `entries` are being sent again after a retryable failure. */
  retried(entries: number): void
}

/** What sources report beyond the envelopes themselves. */
export interface SourceMetrics {
  /** The objects being read now, for the S3 progress bars; `undefined` removes the key. */
  objectProgress(key: string, progress: ObjectProgress | undefined): void
  /**
   * The source has caught up with its input: a receive came back empty, or the last object being
   * read has given all its records. Nothing more is on its way for now, so the workflow's sinks
   * send what they hold instead of waiting out their linger for messages that are not coming.
   */
  caughtUp(): void
}

/** Everything a source or sink gets from the runtime when its workflow starts. */
export interface ComponentContext {
  readonly workflow: string
  /** The workflow node id this component serves. */
  readonly node: string
  /** The asset's name. */
  readonly asset: string
  /** SDK clients of the asset's connection, shared with every other asset on that connection. */
  readonly clients: AwsClients
  readonly log: Logger
  readonly state: StateStore
  /** Aborted when the workflow stops for good (after draining). */
  readonly signal: AbortSignal
}

/**
 * A running source. It pulls from its service only while fewer than its `maxInFlight` envelopes
 * are unsettled, so memory stays flat whatever the backlog (demand-driven; no unbounded queues).
 *
 * Each envelope it emits is owned by the source: `ack` and `ackFiltered` commit it (delete the
 * message, advance the checkpoint, apply the after-read policy once all records of an object are
 * settled); `nack` makes it available again (visibility change, object re-read) and, for a
 * permanent error, counts it against the message's receive count.
 */
export interface Source {
  /** Subscribed once by the runtime. Errors only for failures the source cannot recover from. */
  readonly messages: Observable<Envelope>
  /** Stops pulling; `messages` completes soon after. Envelopes already emitted still settle. */
  stop(): Promise<void>
  /** Resolves once every emitted envelope is settled and its commit (delete, checkpoint) is done. */
  drained(): Promise<void>
}

/**
 * A running sink. `write` takes ownership of the envelope: the sink acks it once the service has
 * accepted it, retries retryable failures itself (only the failed entries of a batch, with capped
 * exponential backoff and jitter), and nacks it with a permanent {@link DeliveryError} when it can
 * never be delivered. `write` never throws.
 */
export interface Sink {
  write(envelope: Envelope): void
  /** Sends what is buffered without waiting for linger; resolves when every written envelope is settled. */
  flush(): Promise<void>
  /**
   * The sources have caught up with their input ({@link SourceMetrics.caughtUp}): the sink sends
   * the partial batches written so far now rather than after their linger. Later writes linger as
   * usual. Sinks that hold nothing back for a linger (S3's objects roll over by their own rules)
   * leave it out.
   */
  sourcesCaughtUp?(): void
  /** Flushes and releases resources. */
  close(): Promise<void>
}

/** Creates a source from a resolved spec (every static macro substituted, validated). */
export interface SourceImplementation<S extends TSchema = TSchema> {
  readonly type: AssetTypeDefinition<string, S>
  create(spec: Static<S>, context: ComponentContext & { metrics: SourceMetrics }): Source
}

/** Creates a sink from a resolved spec; template fields still hold their per-message macros. */
export interface SinkImplementation<S extends TSchema = TSchema> {
  readonly type: AssetTypeDefinition<string, S>
  create(spec: Static<S>, context: ComponentContext & { metrics: SinkMetrics }): Sink
}

/** Declares the engine implementation of a source asset type; the spec type comes from the asset type. */
export function defineSource<S extends TSchema>(
  type: AssetTypeDefinition<string, S>,
  create: SourceImplementation<S>['create'],
): SourceImplementation<S> {
  return { type, create }
}

/** Declares the engine implementation of a sink asset type; the spec type comes from the asset type. */
export function defineSink<S extends TSchema>(
  type: AssetTypeDefinition<string, S>,
  create: SinkImplementation<S>['create'],
): SinkImplementation<S> {
  return { type, create }
}
