import { describe, expect, it } from 'vitest'
import { RecordingLog } from '../testing/context.ts'
import { FakeSqs } from '../testing/fake-sqs.ts'
import type { HeldMessage } from './held-message.ts'
import { VisibilityHeartbeat } from './visibility-heartbeat.ts'

const HOUR = 3_600_000

function held(fake: FakeSqs, receivedAgoMs: number, visibleInMs: number, now: number): HeldMessage {
  const id = fake.send('x')
  const message = fake.messages.find((m) => m.id === id)
  if (message === undefined) throw new Error('not sent')
  message.receiveCount = 1
  message.receipt = `${id}#1`
  return {
    messageId: id,
    groupId: undefined,
    receiptHandle: message.receipt,
    receivedAt: now - receivedAgoMs,
    visibleUntil: now + visibleInMs,
    receiveCount: 1,
    state: 'held',
    atVisibilityLimit: false,
  }
}

describe('VisibilityHeartbeat', () => {
  it('extends only messages whose visibility ends before the beat after next, by extensionSeconds', async () => {
    const fake = new FakeSqs()
    const now = Date.now()
    const soon = held(fake, 5_000, 15_000, now)
    const later = held(fake, 5_000, 60_000, now)
    const beat = new VisibilityHeartbeat(
      fake,
      fake.url,
      new RecordingLog(),
      { intervalSeconds: 10, extensionSeconds: 45 },
      () => [soon, later],
      () => now,
    )
    await beat.beat()
    expect(fake.visibilityChanges).toEqual([{ id: soon.messageId, seconds: 45 }])
    expect(soon.visibleUntil).toBe(now + 45_000)
    expect(later.visibleUntil).toBe(now + 60_000)
  })

  it('caps extensions at the 12 hours SQS allows, then warns once and stops extending', async () => {
    const fake = new FakeSqs()
    const now = Date.now()
    const nearLimit = held(fake, 12 * HOUR - 30_000, 1_000, now)
    const atLimit = held(fake, 12 * HOUR, 1_000, now)
    const log = new RecordingLog()
    const beat = new VisibilityHeartbeat(
      fake,
      fake.url,
      log,
      { intervalSeconds: 10, extensionSeconds: 60 },
      () => [nearLimit, atLimit],
      () => now,
    )
    await beat.beat()
    await beat.beat()
    expect(fake.visibilityChanges.filter((c) => c.id === nearLimit.messageId)[0]?.seconds).toBe(25)
    expect(fake.visibilityChanges.some((c) => c.id === atLimit.messageId)).toBe(false)
    expect(log.at('warn').filter((m) => m.includes('12 hours'))).toHaveLength(1)
  })

  it('logs entries it could not extend and keeps going after a failed call', async () => {
    const fake = new FakeSqs()
    const now = Date.now()
    const gone = held(fake, 1_000, 1_000, now)
    const gonePart = fake.messages[0]
    if (gonePart) gonePart.deleted = true
    const log = new RecordingLog()
    const beat = new VisibilityHeartbeat(
      fake,
      fake.url,
      log,
      { intervalSeconds: 5, extensionSeconds: 30 },
      () => [gone],
      () => now,
    )
    await beat.beat()
    expect(log.at('warn')).toContain(
      'could not extend the visibility of some messages; they may be delivered twice',
    )
    fake.failNext('changeVisibilityBatch', Object.assign(new Error('boom'), { name: 'InternalError' }))
    await beat.beat()
    expect(log.at('warn')).toContain('visibility heartbeat failed; retrying next beat')
  })
})
