import { builtinTypes, connectionAws } from '@sluice/assets'
import { createAwsClients } from '@sluice/aws'
import { describe, expect, it } from 'vitest'
import { sinkStarters } from './index.ts'
import { resolvedSpec } from './testing/resolved-spec.ts'

describe('sink starters', () => {
  it('implement every sink asset kind exactly once', () => {
    const sinkKinds = builtinTypes.filter((type) => type.category === 'sink').map((type) => type.kind)
    expect([...sinkStarters.map((starter) => starter.kind)].sort()).toEqual([...sinkKinds].sort())
  })

  it('start a sink from an authored spec, and report the issues of a bad one instead of throwing', () => {
    const sqs = sinkStarters.find((starter) => starter.kind === 'sink.sqs')
    const started = sqs?.start(
      { connection: 'c', queue: 'not a queue!' },
      {},
      {
        workflow: 'w',
        node: 'n',
        asset: 'a',
        clients: createAwsClients(
          resolvedSpec(connectionAws, { region: 'us-east-1', auth: { mode: 'none' } }),
        ),
        log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
        state: { get: async () => undefined, set: async () => undefined, delete: async () => undefined },
        signal: new AbortController().signal,
        metrics: { batchSent: () => undefined, retried: () => undefined },
      },
    )
    expect(started?.component).toBeUndefined()
    expect(started?.issues.map((issue) => issue.path)).toEqual(['/spec/queue'])
  })
})
