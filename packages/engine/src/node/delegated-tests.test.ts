import type { DelegatedTest, ProbeReport } from '@sluice/assets'
import { describe, expect, it } from 'vitest'
import { DelegatedTests, type TestExecutor } from './delegated-tests.ts'
import { recordingLogger, until } from './test-support.ts'

const location = { on: 'node' as const, nodeId: 'node-a', cluster: 'default' }
const test = (id: string): DelegatedTest => ({
  id,
  target: { kind: 'connection.aws', name: 'aws' },
  assets: [],
  variables: {},
})
const passed = (t: DelegatedTest): ProbeReport => ({
  ok: true,
  kind: t.target.kind,
  name: t.target.name,
  probes: [{ name: 'GetCallerIdentity', ok: true, message: 'fine', durationMs: 1 }],
  ranAt: new Date().toISOString(),
  location,
})

function setup(execute: TestExecutor, maxConcurrent?: number) {
  const ran: string[] = []
  const tests = new DelegatedTests({
    location,
    timeoutMs: 200,
    log: recordingLogger(),
    ...(maxConcurrent === undefined ? {} : { maxConcurrent }),
    execute: (t, signal) => {
      ran.push(t.id)
      return execute(t, signal)
    },
  })
  return { tests, ran }
}

describe('delegated tests on a node', () => {
  it('runs each test once and sends its report until the server accepts it', async () => {
    const { tests, ran } = setup(async (t) => passed(t))
    tests.offer([test('a')])
    tests.offer([test('a')])
    await tests.settled()
    expect(ran).toEqual(['a'])
    const results = tests.results()
    expect(results).toEqual([{ id: 'a', report: expect.objectContaining({ ok: true, location }) }])
    tests.offer([test('a')])
    expect(tests.results()).toEqual(results)
    tests.acknowledge(results)
    expect(tests.results()).toEqual([])
    tests.offer([test('a')])
    expect(ran).toEqual(['a'])
    tests.offer([])
    tests.offer([test('a')])
    await tests.settled()
    expect(ran).toEqual(['a', 'a'])
  })

  it('answers a test that outruns its time limit with a timeout report, and aborts it', async () => {
    let aborted = false
    const { tests } = setup(
      (_, signal) =>
        new Promise<ProbeReport>((_resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true
          })
        }),
    )
    tests.offer([test('slow')])
    await tests.settled()
    expect(aborted).toBe(true)
    expect(tests.results()[0]?.report).toMatchObject({
      ok: false,
      location,
      probes: [{ ok: false, code: 'test.timeout', message: expect.stringContaining('node-a') }],
    })
  })

  it('turns a test that throws into a failing report', async () => {
    const { tests } = setup(async () => {
      throw new Error('boom')
    })
    tests.offer([test('x')])
    await tests.settled()
    expect(tests.results()[0]?.report.probes[0]).toMatchObject({
      code: 'test.failed',
      message: expect.stringContaining('boom'),
    })
  })

  it('runs at most maxConcurrent at once; the rest wait for the next offer', async () => {
    const release: (() => void)[] = []
    const { tests, ran } = setup(
      (t) => new Promise<ProbeReport>((resolve) => release.push(() => resolve(passed(t)))),
      1,
    )
    tests.offer([test('a'), test('b')])
    expect(ran).toEqual(['a'])
    release.shift()?.()
    await until(() => tests.results().length === 1)
    tests.offer([test('a'), test('b')])
    expect(ran).toEqual(['a', 'b'])
    release.shift()?.()
    await tests.settled()
    expect(tests.results().map((r) => r.id)).toEqual(['a', 'b'])
  })
})
