import { describe, expect, it } from 'vitest'
import { countWorkflow, failures } from './count.ts'
import { NODES, WORKFLOWS } from './project.ts'
import { type ChaosRun, renderChaosReport } from './report.ts'

const stats = {
  calls: 1200,
  faults: { throttle: 30, 'server-error': 31, 'drop-before': 5, 'drop-after': 6, partial: 40 },
  operations: {},
  failedEntries: 99,
}

function run(lost: boolean): ChaosRun {
  const counts = [
    countWorkflow(
      { name: 'sqs-to-sqs', label: 'SQS → SQS' },
      ['a', 'b'],
      ['{"id":"a"}', '{"id":"a"}', '{"id":"b"}'],
      'none',
    ),
    countWorkflow(
      { name: 's3-to-sqs', label: 'S3 → SQS' },
      ['c', 'd'],
      lost ? ['{"id":"c"}'] : ['{"id":"c"}', '{"id":"d"}'],
      'none',
    ),
  ]
  return {
    date: '2026-03-03T00:00:00.000Z',
    minutes: 4.04,
    seed: 9,
    rates: { throttle: 0.03, partial: 0.05 },
    nodes: NODES,
    workflows: WORKFLOWS,
    placement: 'sqs-to-sqs: node-1, node-2',
    rounds: [
      {
        round: 1,
        node: 'node-2',
        killAfterMs: 4000,
        downMs: 1500,
        upAgainMs: 8200,
        sentBefore: 1234,
        singletonOn: 'node-3',
      },
    ],
    drainedMs: 6100,
    nodeExits: { 'node-1': 0, 'node-2': 0, 'node-3': 0 },
    proxies: { 'kinesalite (Kinesis)': stats },
    counts,
    failures: failures(counts, true),
  }
}

describe('the chaos report', () => {
  it('shows the verdict, the counts per workflow and in all, the rounds and the faults', () => {
    const text = renderChaosReport(run(false))
    expect(text).toContain('- Verdict: **nothing lost**')
    expect(text).toContain('- Seed 9; fault rates per call: throttle 3.0 %, partial 5.0 %')
    expect(text).toContain('| SQS → SQS (`sqs-to-sqs`) | 2 | 3 | 2 | 1 | 0 | 0 |')
    expect(text).toContain('| all | 4 | 5 | 4 | 1 | 0 | 0 |')
    expect(text).toContain('| 1 | node-2 | 4.0 s | 1.5 s | 8.2 s | 1,234 | node-3 |')
    expect(text).toContain('| kinesalite (Kinesis) | 1,200 | 30 | 31 | 5 | 6 | 40 (99) |')
    expect(text).toContain('- Drain after the last round: 6.1 s; nodes stopped with SIGTERM: node-1 exit 0')
    expect(text).not.toMatch(/```sh/)
  })

  it('says what failed when something was lost', () => {
    const text = renderChaosReport(run(true))
    expect(text).toContain('- Verdict: **failed**: S3 → SQS: 1 lost, e.g. d')
    expect(text).toContain('| S3 → SQS (`s3-to-sqs`) | 2 | 1 | 1 | 0 | 1 | 0 |')
  })
})
