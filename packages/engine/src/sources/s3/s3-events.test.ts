import { describe, expect, it } from 'vitest'
import { decodeEventKey, parseNotification } from './s3-events.ts'

const s3Event = (key: string, eventName = 'ObjectCreated:Put') => ({
  Records: [
    {
      eventSource: 'aws:s3',
      eventName,
      s3: { bucket: { name: 'inbox' }, object: { key, size: 12, eTag: 'abc123' } },
    },
  ],
})

describe('parseNotification', () => {
  it('reads raw S3 events, URL-decoding keys', () => {
    expect(parseNotification(JSON.stringify(s3Event('in/red+flower%281%29.csv')), 'auto')).toEqual({
      type: 'objects',
      objects: [{ bucket: 'inbox', key: 'in/red flower(1).csv', size: 12, etag: 'abc123' }],
      ignored: 0,
    })
  })

  it('unwraps SNS notifications', () => {
    const body = JSON.stringify({ Type: 'Notification', Message: JSON.stringify(s3Event('a%2Bb.txt')) })
    expect(parseNotification(body, 'sns')).toMatchObject({ type: 'objects', objects: [{ key: 'a+b.txt' }] })
    expect(parseNotification(body, 's3')).toMatchObject({ type: 'invalid' })
    expect(parseNotification(JSON.stringify(s3Event('x')), 'sns')).toMatchObject({ type: 'invalid' })
  })

  it('reads EventBridge Object Created events', () => {
    const event = {
      'detail-type': 'Object Created',
      source: 'aws.s3',
      detail: { bucket: { name: 'inbox' }, object: { key: 'in/x.json', size: 5, etag: 'e1' } },
    }
    expect(parseNotification(JSON.stringify(event), 'eventbridge')).toEqual({
      type: 'objects',
      objects: [{ bucket: 'inbox', key: 'in/x.json', size: 5, etag: 'e1' }],
      ignored: 0,
    })
    expect(parseNotification(JSON.stringify({ ...event, 'detail-type': 'Object Deleted' }), 'auto')).toEqual({
      type: 'objects',
      objects: [],
      ignored: 1,
    })
  })

  it('recognises the test event, ignores other event types, and reports what it cannot read', () => {
    expect(
      parseNotification(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent' }), 'auto'),
    ).toEqual({ type: 'test' })
    expect(parseNotification(JSON.stringify(s3Event('k', 'ObjectRemoved:Delete')), 'auto')).toMatchObject({
      objects: [],
      ignored: 1,
    })
    expect(parseNotification('not json', 'auto')).toMatchObject({ type: 'invalid' })
    expect(parseNotification('{"hello":1}', 'auto')).toMatchObject({ type: 'invalid' })
  })

  it('keeps a key that is not valid percent-encoding as it is', () => {
    expect(decodeEventKey('100%+done')).toBe('100%+done')
  })
})
