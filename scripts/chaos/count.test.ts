import { describe, expect, it } from 'vitest'
import { countWorkflow, failures, sentIdOf, totals } from './count.ts'

const flow = { name: 'sqs-to-sqs', label: 'SQS → SQS' }
const body = (id: string) => JSON.stringify({ id, n: 1 })
const event = (id: string) =>
  JSON.stringify({ version: '0', id: `event-${id}`, source: 'chaos.run', detail: { id, n: 1 } })

describe('sentIdOf', () => {
  it('reads the id of a body, and of the detail of an EventBridge event (not the event id)', () => {
    expect(sentIdOf(body('a-1'), 'none')).toBe('a-1')
    expect(sentIdOf(event('a-2'), 'eventbridge')).toBe('a-2')
    expect(sentIdOf(event('a-2'), 'none')).toBe('event-a-2')
  })

  it('keeps a body without such an id as it is, so it counts as unexpected', () => {
    expect(sentIdOf('not json', 'none')).toBe('not json')
    expect(sentIdOf('{"id":7}', 'none')).toBe('{"id":7}')
    expect(sentIdOf('{"detail":"x"}', 'eventbridge')).toBe('{"detail":"x"}')
  })
})

describe('countWorkflow', () => {
  it('counts received, duplicates, lost and unexpected ids', () => {
    const count = countWorkflow(
      flow,
      ['a', 'b', 'c', 'd'],
      [body('a'), body('b'), body('a'), body('c'), body('a'), body('x')],
      'none',
    )
    expect(count).toMatchObject({
      workflow: 'sqs-to-sqs',
      label: 'SQS → SQS',
      sent: 4,
      received: 6,
      distinct: 4,
      duplicates: 2,
      lost: ['d'],
      unexpected: ['x'],
    })
  })

  it('adds up workflows and fails the run on a loss, an unexpected id or an unfinished drain', () => {
    const clean = countWorkflow(flow, ['a', 'b'], [body('a'), body('b'), body('b')], 'none')
    const lossy = countWorkflow(
      { name: 'sqs-to-eventbridge', label: 'SQS → EventBridge' },
      ['e1', 'e2'],
      [event('e1')],
      'eventbridge',
    )
    expect(totals([clean, lossy])).toEqual({ sent: 4, received: 4, duplicates: 1, lost: 1, unexpected: 0 })
    expect(failures([clean], true)).toEqual([])
    expect(failures([clean, lossy], true)).toEqual(['SQS → EventBridge: 1 lost, e.g. e2'])
    expect(failures([clean], false)).toEqual([
      'the inputs were not drained in time: messages were still waiting or in flight',
    ])
    expect(failures([countWorkflow(flow, ['a'], [body('a'), 'junk'], 'none')], true)).toEqual([
      'SQS → SQS: 1 never sent, e.g. junk',
    ])
  })
})
