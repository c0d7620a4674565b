import { sinkEventbridge } from '@sluice/assets'
import { describe, expect, it } from 'vitest'
import { isDependencyError } from '../../runtime/errors.ts'
import { type BatchingHarness, describeBatchingSink, startHarness } from '../testing/batching-conformance.ts'
import { failEntries } from '../testing/fake-backend.ts'
import { fakeEventPutter } from '../testing/fake-clients.ts'
import { settleAsync } from '../testing/manual-scheduler.ts'
import { resolvedSpec } from '../testing/resolved-spec.ts'
import {
  createEventBridgeSink,
  EVENTBRIDGE_MAX_ENTRY_BYTES,
  type EventBridgeSinkSpec,
  eventEntrySize,
} from './eventbridge-sink.ts'

const harness: BatchingHarness<EventBridgeSinkSpec> = {
  service: 'EventBridge',
  action: 'events:PutEvents',
  maxEntries: 10,
  spec: (overrides) =>
    resolvedSpec(sinkEventbridge, {
      connection: 'local',
      source: 'com.example.orders',
      detailType: 'OrderPlaced',
      ...overrides,
    }),
  create: (spec, env) =>
    createEventBridgeSink(spec, env.context, {
      client: fakeEventPutter(env.backend),
      scheduler: env.scheduler,
    }),
  bodyOf: (body) => JSON.stringify(body),
  oversizedBody: { pad: 'x'.repeat(EVENTBRIDGE_MAX_ENTRY_BYTES) },
  retryableEntryCode: 'ThrottlingException',
  permanentEntryCode: 'MalformedDetail',
  templated: {
    overrides: {
      source: 'com.example.${msg:attributes.domain}',
      detailType: '${msg:body.type}',
      resources: ['arn:aws:s3:::${msg:body.bucket}'],
      time: '${msg:body.at}',
    },
    body: { type: 'OrderPlaced', bucket: 'invoices', at: '2024-05-01T10:00:00Z' },
    attributes: { domain: 'orders' },
    fields: {
      source: 'com.example.orders',
      detailType: 'OrderPlaced',
      resources: 'arn:aws:s3:::invoices',
      time: '2024-05-01T10:00:00.000Z',
      bus: 'default',
    },
    missingBody: { bucket: 'b', at: '2024-05-01T10:00:00Z' },
  },
}

describeBatchingSink(harness)

describe('EventBridge sink', () => {
  it('sends each message to every bus and acks it only when every bus accepted it', async () => {
    const t = startHarness(harness, { eventBuses: ['default', 'audit'] })
    t.backend.respondNext(failEntries([1], 'ThrottlingException', 'slow down'))
    const envelope = t.owner.envelope({ id: 1 })
    t.sink.write(envelope)
    t.scheduler.advance(20)
    await settleAsync()
    expect(t.backend.calls[0]?.entries.map((e) => e.fields.bus)).toEqual(['default', 'audit'])
    expect(t.owner.outcomeOf(envelope)).toBe('pending')
    t.scheduler.advance(60_000)
    await settleAsync()
    expect(t.backend.calls[1]?.entries.map((e) => e.fields.bus)).toEqual(['audit'])
    expect(t.owner.outcomeOf(envelope)).toBe('acked')
  })

  it('nacks the message when one bus refuses it for good', async () => {
    const t = startHarness(harness, { eventBuses: ['default', 'audit'] })
    t.backend.respondNext(failEntries([0], 'MalformedDetail', 'Detail is malformed.'))
    const envelope = t.owner.envelope({ id: 1 })
    t.sink.write(envelope)
    await t.sink.flush()
    expect(t.owner.outcomeOf(envelope)).toMatchObject({ code: 'aws.MalformedDetail', permanent: true })
  })

  it('nacks the message as a dependency failure when one of its buses does not exist', async () => {
    const t = startHarness(harness, { eventBuses: ['default', 'audit'] })
    t.backend.respondNext(failEntries([1], 'ResourceNotFoundException', 'Event bus audit does not exist.'))
    const envelope = t.owner.envelope({ id: 1 })
    t.sink.write(envelope)
    await t.sink.flush()
    const error = t.owner.outcomeOf(envelope)
    expect(error).toMatchObject({ code: 'aws.not-found', permanent: false })
    expect(isDependencyError(error)).toBe(true)
  })

  it('takes the detail from a body field, or from a body that is JSON text', async () => {
    const t = startHarness(harness, { detail: { from: 'field', path: 'payload.order' } })
    t.sink.write(t.owner.envelope({ payload: { order: { id: 7 } } }))
    t.sink.write(t.owner.envelope('{"payload":{"order":{"id":8}}}'))
    const notObject = t.owner.envelope({ payload: { order: [1] } })
    t.sink.write(notObject)
    await t.sink.flush()
    expect(t.backend.calls[0]?.entries.map((e) => e.body)).toEqual(['{"id":7}', '{"id":8}'])
    expect(t.owner.outcomeOf(notObject)).toMatchObject({ code: 'sink.detail-not-object', permanent: true })
  })

  it('refuses a time that is not a timestamp', () => {
    const t = startHarness(harness, { time: '${msg:body.at}' })
    const envelope = t.owner.envelope({ at: 'yesterday' })
    t.sink.write(envelope)
    expect(t.owner.outcomeOf(envelope)).toMatchObject({ code: 'sink.event-invalid' })
  })

  it("sizes entries with EventBridge's formula", () => {
    const size = eventEntrySize({
      Source: 'é',
      DetailType: 'ab',
      Detail: '{}',
      Resources: ['r1', 'r22'],
      Time: new Date(0),
      EventBusName: 'not counted',
    })
    expect(size).toBe(14 + 2 + 2 + 2 + 2 + 3)
  })
})
