import { describe, expect, it } from 'vitest'
import type { Sink } from '../../runtime/contracts.ts'
import { DeliveryError, isDependencyError } from '../../runtime/errors.ts'
import { FakeAwsError, FakeBackend, type FakeEntry, failEntries } from './fake-backend.ts'
import { ManualScheduler, settleAsync } from './manual-scheduler.ts'
import { SettleRecorder, testContext } from './sink-context.ts'

/** What the sink under test is created with. */
export interface HarnessEnv {
  readonly backend: FakeBackend
  readonly scheduler: ManualScheduler
  readonly context: ReturnType<typeof testContext>
}

/** How the conformance suite drives one batching sink whose resolved spec is an `S`. */
export interface BatchingHarness<S> {
  /** The service's name, as the sink says it in errors. */
  readonly service: string
  /** The IAM action its calls need, named in dependency failures. */
  readonly action: string
  /** The most entries the service takes in one call. */
  readonly maxEntries: number
  /** The resolved spec of a valid authored spec with `overrides` replacing some of its fields. */
  spec(overrides: Record<string, unknown>): S
  /** Creates the sink on the fake backend. */
  create(spec: S, env: HarnessEnv): Sink
  /** The fake entry's body for a JSON body (the conformance bodies are JSON objects). */
  readonly bodyOf: (body: object) => string
  /** A body whose entry is over the service's per-message limit. */
  readonly oversizedBody: object
  readonly retryableEntryCode: string
  readonly permanentEntryCode: string
  /** A spec with per-message templates, a message, and the fields its entry must carry. */
  readonly templated: {
    readonly overrides: Record<string, unknown>
    readonly body: object
    readonly attributes: Record<string, string>
    readonly fields: Record<string, string>
    /** A message that lacks a field a template needs. */
    readonly missingBody: object
  }
  /** For FIFO targets: a spec whose group id is `${msg:body.group}` and dedup id `${msg:body.id}`. */
  readonly fifo?: { readonly overrides: Record<string, unknown> }
}

const LINGER = 20

/**
 * Creates the harness's sink with a 20 ms linger and `overrides`, then `adjust` may change the
 * resolved spec (for what the asset type's validation does not let through yet).
 */
export function startHarness<S>(
  harness: BatchingHarness<S>,
  overrides: Record<string, unknown> = {},
  adjust: (spec: S) => void = () => undefined,
) {
  const stopper = new AbortController()
  const env: HarnessEnv = {
    backend: new FakeBackend(),
    scheduler: new ManualScheduler(),
    context: testContext(stopper.signal),
  }
  const spec = harness.spec({ batching: { lingerMs: LINGER }, ...overrides })
  adjust(spec)
  const sink = harness.create(spec, env)
  const owner = new SettleRecorder()
  const write = (body: unknown, attributes: Record<string, string> = {}) => {
    const envelope = owner.envelope(body, attributes)
    sink.write(envelope)
    return envelope
  }
  const writeMany = (count: number) => Array.from({ length: count }, (_, n) => write({ n }))
  return { ...env, sink, owner, write, writeMany, stopper }
}

function failureOf(outcome: 'pending' | 'acked' | 'filtered' | DeliveryError): DeliveryError {
  if (outcome instanceof DeliveryError) return outcome
  throw new Error(`expected a nack, got ${outcome}`)
}

/** Retries everything due: advances past any backoff, letting calls finish between steps. */
async function runRetries(scheduler: ManualScheduler, rounds = 12): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await settleAsync()
    scheduler.advance(60_000)
  }
  await settleAsync()
}

/**
 * The behaviour every batching sink shares: batching, linger, bounded in-flight calls, per-entry
 * retries, permanent failures and size checks, run against the sink's fake client.
 */
export function describeBatchingSink<S>(harness: BatchingHarness<S>): void {
  const expectBodies = (entries: readonly FakeEntry[], sent: readonly object[]) =>
    expect(entries.map((entry) => entry.body)).toEqual(sent.map(harness.bodyOf))

  describe(`${harness.service} sink: batching conformance`, () => {
    it('sends one message after linger and acks it once the call succeeds', async () => {
      const t = startHarness(harness)
      const envelope = t.write({ n: 1 })
      await settleAsync()
      expect(t.backend.calls).toHaveLength(0)
      t.scheduler.advance(LINGER)
      await settleAsync()
      expect(t.backend.calls).toHaveLength(1)
      expectBodies(t.backend.calls[0]?.entries ?? [], [{ n: 1 }])
      expect(t.owner.outcomeOf(envelope)).toBe('acked')
      expect(t.context.metrics.batches).toEqual([{ entries: 1, maxEntries: harness.maxEntries }])
    })

    it('sends a full batch at once, without waiting for linger', async () => {
      const t = startHarness(harness)
      const envelopes = t.writeMany(harness.maxEntries)
      await settleAsync()
      expect(t.backend.calls).toHaveLength(1)
      expect(t.backend.calls[0]?.entries).toHaveLength(harness.maxEntries)
      expect(t.owner.counts(envelopes)).toEqual({ acked: harness.maxEntries })
    })

    it('keeps at most maxInFlight calls outstanding and delivers everything', async () => {
      const t = startHarness(harness, { batching: { maxEntries: 3, lingerMs: LINGER }, maxInFlight: 2 })
      t.backend.hold()
      const envelopes = t.writeMany(30)
      for (let round = 0; round < 40 && t.owner.counts(envelopes).acked !== 30; round++) {
        await settleAsync()
        expect(t.backend.inFlight).toBeLessThanOrEqual(2)
        t.backend.releaseHeld()
      }
      expect(t.owner.counts(envelopes)).toEqual({ acked: 30 })
      expect(t.backend.maxInFlight).toBe(2)
      expect(t.backend.calls.map((call) => call.entries.length)).toEqual(Array(10).fill(3))
    })

    it('flush sends a partial batch without waiting and resolves once it is settled', async () => {
      const t = startHarness(harness, { batching: { lingerMs: 60_000 } })
      const envelopes = t.writeMany(2)
      await t.sink.flush()
      expect(t.owner.counts(envelopes)).toEqual({ acked: 2 })
      expect(t.backend.calls).toHaveLength(1)
    })

    it('renders per-message templates into each entry', async () => {
      const t = startHarness(harness, harness.templated.overrides)
      const envelope = t.write(harness.templated.body, harness.templated.attributes)
      await t.sink.flush()
      expect(t.owner.outcomeOf(envelope)).toBe('acked')
      expect(t.backend.calls[0]?.entries[0]?.fields).toMatchObject(harness.templated.fields)
    })

    it('nacks a message missing a template field permanently, before any call', async () => {
      const t = startHarness(harness, harness.templated.overrides)
      const envelope = t.write(harness.templated.missingBody)
      await t.sink.flush()
      const error = failureOf(t.owner.outcomeOf(envelope))
      expect(error).toMatchObject({ code: 'sink.template-field-missing', permanent: true })
      expect(t.backend.calls).toHaveLength(0)
    })

    it('nacks a too-large message at once, naming the limit and the size, without a call', async () => {
      const t = startHarness(harness)
      const envelope = t.write(harness.oversizedBody)
      const error = failureOf(t.owner.outcomeOf(envelope))
      expect(error).toMatchObject({ code: 'sink.too-large', permanent: true, node: 'sink-under-test' })
      expect(error.message).toMatch(/the message is \d+ bytes, over the \d+-byte limit/)
      await t.sink.flush()
      expect(t.backend.calls).toHaveLength(0)
    })

    it('resends only the failed entries of a partial failure and acks all in the end', async () => {
      const t = startHarness(harness, { batching: { maxEntries: 5, lingerMs: LINGER } })
      t.backend.respondNext(failEntries([1, 3], harness.retryableEntryCode, 'slow down', false))
      const envelopes = t.writeMany(5)
      await settleAsync()
      expect(t.owner.counts(envelopes)).toEqual({ acked: 3, pending: 2 })
      await runRetries(t.scheduler)
      expect(t.backend.calls).toHaveLength(2)
      expectBodies(t.backend.calls[1]?.entries ?? [], [{ n: 1 }, { n: 3 }])
      expect(t.owner.counts(envelopes)).toEqual({ acked: 5 })
      expect(t.context.metrics.retries).toBe(2)
    })

    it('retries a throttled whole call after backoff', async () => {
      const t = startHarness(harness)
      t.backend.respondNext(() => ({ throws: new FakeAwsError('ThrottlingException', 'Rate exceeded', 400) }))
      const envelopes = t.writeMany(3)
      await runRetries(t.scheduler)
      expect(t.backend.calls).toHaveLength(2)
      expectBodies(t.backend.calls[1]?.entries ?? [], [{ n: 0 }, { n: 1 }, { n: 2 }])
      expect(t.owner.counts(envelopes)).toEqual({ acked: 3 })
      expect(t.context.metrics.retries).toBe(3)
    })

    it('nacks an entry the service refuses for good with its code and message, and never resends it', async () => {
      const t = startHarness(harness)
      t.backend.respondNext(failEntries([0], harness.permanentEntryCode, 'this entry is invalid', true))
      const envelopes = t.writeMany(2)
      await t.sink.flush()
      const error = failureOf(t.owner.outcomeOf(envelopes[0] ?? t.write({})))
      expect(error).toMatchObject({ code: `aws.${harness.permanentEntryCode}`, permanent: true })
      expect(error.message).toContain('this entry is invalid')
      expect(t.owner.outcomeOf(envelopes[1] ?? t.write({}))).toBe('acked')
      expect(t.backend.calls).toHaveLength(1)
    })

    it('nacks retryable once maxAttempts are spent', async () => {
      const t = startHarness(harness, { retry: { maxAttempts: 3, initialBackoffMs: 10, maxBackoffMs: 100 } })
      t.backend.fallback = failEntries([0], harness.retryableEntryCode, 'still busy', false)
      const [envelope] = t.writeMany(1)
      await runRetries(t.scheduler)
      const error = failureOf(t.owner.outcomeOf(envelope ?? t.write({})))
      expect(error).toMatchObject({ code: `aws.${harness.retryableEntryCode}`, permanent: false })
      expect(error.message).toContain('3 attempts')
      expect(t.backend.calls).toHaveLength(3)
      expect(t.context.metrics.retries).toBe(2)
    })

    it('nacks every entry of a call refused for good as a whole', async () => {
      const t = startHarness(harness)
      t.backend.fallback = () => ({ throws: new FakeAwsError('UnsupportedOperation', 'not here', 400) })
      const envelopes = t.writeMany(3)
      await t.sink.flush()
      expect(t.owner.counts(envelopes)).toEqual({ permanent: 3 })
      expect(failureOf(t.owner.outcomeOf(envelopes[0] ?? t.write({}))).code).toBe('aws.UnsupportedOperation')
      expect(t.backend.calls).toHaveLength(1)
    })

    it.each([
      ['AccessDeniedException', 403, 'aws.access-denied'],
      ['AccessDenied', 403, 'aws.access-denied'],
      ['ResourceNotFoundException', 400, 'aws.not-found'],
      ['QueueDoesNotExist', 400, 'aws.not-found'],
      ['NotFoundException', 404, 'aws.not-found'],
      ['UnrecognizedClientException', 400, 'aws.invalid-credentials'],
    ])(
      'nacks a call refused with %s as a dependency failure (%s), not the messages’ fault',
      async (name, status, code) => {
        const t = startHarness(harness)
        t.backend.fallback = () => ({ throws: new FakeAwsError(name, 'refused', status) })
        const envelopes = t.writeMany(3)
        await t.sink.flush()
        expect(t.owner.counts(envelopes)).toEqual({ retryable: 3 })
        const error = failureOf(t.owner.outcomeOf(envelopes[0] ?? t.write({})))
        expect(error).toMatchObject({ code, permanent: false, node: 'sink-under-test' })
        expect(isDependencyError(error)).toBe(true)
        if (code === 'aws.access-denied') expect(error.message).toContain(`Allow ${harness.action}`)
        else expect(error.message).toMatch(/: (not found|the credentials were refused)/)
        expect(t.backend.calls).toHaveLength(1)
      },
    )

    it('nacks an entry whose target is missing as a dependency failure, and delivers the others', async () => {
      const t = startHarness(harness)
      t.backend.respondNext(failEntries([1], 'ResourceNotFoundException', 'no such target', true))
      const envelopes = t.writeMany(3)
      await t.sink.flush()
      expect(t.owner.counts(envelopes)).toEqual({ acked: 2, retryable: 1 })
      expect(failureOf(t.owner.outcomeOf(envelopes[1] ?? t.write({})))).toMatchObject({
        code: 'aws.not-found',
      })
    })

    it('gives up on an endpoint that refuses connections as a dependency failure once maxAttempts are spent', async () => {
      const t = startHarness(harness, { retry: { maxAttempts: 3, initialBackoffMs: 10, maxBackoffMs: 100 } })
      const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' })
      t.backend.fallback = () => ({ throws: refused })
      const [envelope] = t.writeMany(1)
      await runRetries(t.scheduler)
      const error = failureOf(t.owner.outcomeOf(envelope ?? t.write({})))
      expect(error).toMatchObject({ code: 'aws.unreachable', permanent: false })
      expect(t.backend.calls).toHaveLength(3)
    })

    it('sends the entries of a call refused as invalid one by one, to fail only the bad one', async () => {
      const t = startHarness(harness)
      const isBad = (entry: FakeEntry | undefined) => entry?.body === harness.bodyOf({ n: 1 })
      t.backend.fallback = (call) =>
        call.entries.some(isBad)
          ? { throws: new FakeAwsError('ValidationException', 'entry 1 is malformed', 400) }
          : undefined
      const envelopes = t.writeMany(3)
      await t.sink.flush()
      expect(t.owner.counts(envelopes)).toEqual({ acked: 2, permanent: 1 })
      expect(failureOf(t.owner.outcomeOf(envelopes[1] ?? t.write({}))).code).toBe('aws.ValidationException')
      expect(t.backend.calls.map((call) => call.entries.length)).toEqual([3, 1, 1, 1])
    })

    it('refuses writes after close, and nacks what is unsent when the workflow stops', async () => {
      const t = startHarness(harness)
      const queued = t.writeMany(2)
      t.stopper.abort()
      expect(t.owner.counts(queued)).toEqual({ retryable: 2 })
      expect(failureOf(t.owner.outcomeOf(queued[0] ?? t.write({}))).code).toBe('sink.stopped')
      await t.sink.close()
      const late = t.write({ n: 3 })
      expect(failureOf(t.owner.outcomeOf(late))).toMatchObject({ code: 'sink.closed', permanent: false })
      expect(t.backend.calls).toHaveLength(0)
    })

    if (harness.fifo !== undefined) {
      const fifo = harness.fifo
      it('sets FIFO group and deduplication ids per message', async () => {
        const t = startHarness(harness, fifo.overrides)
        t.write({ group: 'a', id: 'order-1' })
        t.write({ group: 'b', id: 'order-2' })
        await t.sink.flush()
        const entries = t.backend.calls[0]?.entries ?? []
        expect(entries.map((e) => [e.groupId, e.dedupId])).toEqual([
          ['a', 'order-1'],
          ['b', 'order-2'],
        ])
      })

      it('keeps a message group in order: nothing of the group is sent while an earlier entry is retried', async () => {
        const t = startHarness(harness, fifo.overrides)
        t.backend.hold()
        const first = t.write({ group: 'a', id: '1' })
        t.scheduler.advance(LINGER)
        await settleAsync()
        t.write({ group: 'a', id: '2' })
        t.write({ group: 'b', id: '3' })
        t.scheduler.advance(LINGER)
        await settleAsync()
        expect(t.backend.calls.map((call) => call.entries.map((e) => e.dedupId))).toEqual([['1'], ['3']])
        t.backend.respondNext(failEntries([0], harness.retryableEntryCode, 'busy', false))
        t.backend.releaseHeld(true)
        await runRetries(t.scheduler)
        expect(t.backend.calls.map((call) => call.entries.map((e) => e.dedupId))).toEqual([
          ['1'],
          ['3'],
          ['1', '2'],
        ])
        expect(t.owner.outcomeOf(first)).toBe('acked')
      })
    }
  })
}
