import { describe, expect, it } from 'vitest'
import { FakeBackend } from '../testing/fake-backend.ts'
import { ManualScheduler, settleAsync } from '../testing/manual-scheduler.ts'
import { SettleRecorder, testContext } from '../testing/sink-context.ts'
import { BatchingSink } from './batching-sink.ts'
import type { BatchService } from './types.ts'

/** A service whose entries are the body text, one byte per character, all to one target. */
function textService(backend: FakeBackend): BatchService<string> {
  return {
    name: 'Text',
    maxEntryBytes: 1_000,
    describeCall: (target) => ({ what: `Send to ${target}`, action: 'text:Send' }),
    prepare: (envelope) => [
      { target: 't', payload: String(envelope.body), bytes: String(envelope.body).length },
    ],
    async send(target, payloads) {
      const results = await backend.handle({
        target,
        entries: payloads.map((body) => ({ body, fields: {} })),
      })
      return results.map((r) => (r.ok ? { ok: true } : { ok: false, code: r.code, message: r.message }))
    },
  }
}

function setup(batching = { maxEntries: 10, maxBytes: 100, lingerMs: 50 }) {
  const backend = new FakeBackend()
  const scheduler = new ManualScheduler()
  const retry = { maxAttempts: 3, initialBackoffMs: 10, maxBackoffMs: 100 }
  const sink = new BatchingSink(
    textService(backend),
    { batching, maxInFlight: 4, retry },
    testContext(),
    scheduler,
  )
  const owner = new SettleRecorder()
  const write = (body: string) => {
    const envelope = owner.envelope(body)
    sink.write(envelope)
    return envelope
  }
  /** The bodies of each call sent so far. */
  const sent = () => backend.calls.map((c) => c.entries.map((e) => e.body))
  return { backend, scheduler, sink, owner, write, sent }
}

describe('BatchingSink', () => {
  it('sends a partial batch lingerMs after its oldest entry was written', async () => {
    const t = setup()
    t.write('a')
    t.scheduler.advance(30)
    t.write('b')
    t.scheduler.advance(19)
    await settleAsync()
    expect(t.backend.calls).toHaveLength(0)
    t.scheduler.advance(1)
    await settleAsync()
    expect(t.sent()).toEqual([['a', 'b']])
  })

  it('sends partial batches at once when the sources catch up, and lets later writes linger', async () => {
    const t = setup()
    t.write('a')
    t.write('b')
    t.sink.sourcesCaughtUp()
    await settleAsync()
    expect(t.sent()).toEqual([['a', 'b']])
    t.write('c')
    t.scheduler.advance(49)
    await settleAsync()
    expect(t.backend.calls).toHaveLength(1)
    t.scheduler.advance(1)
    await settleAsync()
    expect(t.sent()).toEqual([['a', 'b'], ['c']])
  })

  it('a flush waits for what was written before it, not for later writes', async () => {
    const t = setup()
    t.backend.hold()
    const early = t.write('early')
    let flushed = false
    const flush = t.sink.flush().then(() => {
      flushed = true
    })
    await settleAsync()
    const late = t.write('late')
    await settleAsync()
    expect(t.backend.calls).toHaveLength(2)
    t.backend.releaseOne()
    await flush
    expect(flushed).toBe(true)
    expect(t.owner.outcomeOf(early)).toBe('acked')
    expect(t.owner.outcomeOf(late)).toBe('pending')
    t.backend.releaseHeld(true)
    await t.sink.close()
    expect(t.owner.outcomeOf(late)).toBe('acked')
  })

  it('sends a queue at once when it holds maxBytes, and never more than maxBytes in a call', async () => {
    const t = setup()
    for (const body of ['x'.repeat(60), 'y'.repeat(30), 'z'.repeat(20)]) t.write(body)
    await settleAsync()
    expect(t.backend.calls.map((c) => c.entries.map((e) => e.body.length))).toEqual([[60, 30]])
    await t.sink.flush()
    expect(t.backend.calls.map((c) => c.entries.map((e) => e.body.length))).toEqual([[60, 30], [20]])
  })

  it('refuses an entry over batching.maxBytes and says that this is the limit', () => {
    const t = setup()
    const big = t.write('b'.repeat(101))
    expect(t.owner.outcomeOf(big)).toMatchObject({
      code: 'sink.too-large',
      message: expect.stringContaining('batching.maxBytes'),
    })
  })
})
