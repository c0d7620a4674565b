import { describe, expect, it } from 'vitest'
import { copyName, groupAssets, matchesQuery } from './asset-groups.ts'

const assets = [
  { kind: 'sink.sqs', name: 'b-queue' },
  { kind: 'connection.aws', name: 'aws-prod', description: 'Production account' },
  { kind: 'sink.sqs', name: 'a-queue' },
  { kind: 'workflow', name: 'orders' },
]

describe('asset browser groups', () => {
  it('groups by kind in registry order with sorted names', () => {
    expect(groupAssets(assets, '').map((g) => [g.kind, g.assets.map((a) => a.name)])).toEqual([
      ['connection.aws', ['aws-prod']],
      ['sink.sqs', ['a-queue', 'b-queue']],
      ['workflow', ['orders']],
    ])
  })

  it('searches names, descriptions and kind titles', () => {
    expect(matchesQuery(assets[1] ?? { kind: '', name: '' }, 'production')).toBe(true)
    expect(groupAssets(assets, 'sqs sink').flatMap((g) => g.assets.map((a) => a.name))).toEqual([
      'a-queue',
      'b-queue',
    ])
    expect(groupAssets(assets, 'kinesis').length).toBe(0)
    expect(groupAssets(assets, 'SQS').flatMap((g) => g.assets.map((a) => a.name))).toEqual([
      'a-queue',
      'b-queue',
    ])
  })

  it('keeps empty kinds when asked, for the create menu', () => {
    expect(groupAssets([], '', true).length).toBe(12)
  })

  it('names copies without clashing', () => {
    expect(copyName('q', new Set())).toBe('q-copy')
    expect(copyName('q', new Set(['q-copy', 'q-copy-2']))).toBe('q-copy-3')
  })
})
