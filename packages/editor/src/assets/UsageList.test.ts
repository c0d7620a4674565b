import { describe, expect, it } from 'vitest'
import { groupUsages } from './UsageList.tsx'

describe('usage list', () => {
  it('groups the references of one asset', () => {
    expect(
      groupUsages([
        { kind: 'workflow', name: 'big', path: '/spec/nodes/0/asset' },
        { kind: 'sink.sqs', name: 'audit', path: '/spec/connection' },
        { kind: 'workflow', name: 'big', path: '/spec/nodes/6/asset' },
      ]),
    ).toEqual([
      { kind: 'workflow', name: 'big', paths: ['/spec/nodes/0/asset', '/spec/nodes/6/asset'] },
      { kind: 'sink.sqs', name: 'audit', paths: ['/spec/connection'] },
    ])
  })
})
