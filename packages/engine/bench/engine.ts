/**
 * `pnpm bench:engine`: the engine against hand-written plain-SDK loops on emulators that each run
 * in a child process of their own, then the core path; writes `docs/benchmarks-engine.md`.
 *
 * - SQS → SNS and SQS → Kinesis: a queue filled with small JSON messages, drained.
 * - S3 → Kinesis: NDJSON objects of 100 MiB and 1 GiB (records of about 4 KiB), streamed.
 *
 * `--quick` shrinks every workload (a smoke run). Each measured phase runs `engine/phase.ts`, bundled first.
 */
import { writeFile } from 'node:fs/promises'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { coreBench } from './core.ts'
import { type Emulator, runPhase, startEmulator } from './engine/children.ts'
import { PUTS_IN_FLIGHT, RECEIVERS } from './engine/plain.ts'
import { type Comparison, type Round, renderReport } from './engine/report.ts'
import { createStream, createTopic, dropQueue, filledQueue, queueLeft, uploadObject } from './engine/setup.ts'
import { objectRecord, type PhaseResult, type Targets } from './engine/targets.ts'
import { KINESIS_LINGER_MS, OBJECT_RECORDS_IN_FLIGHT, QUEUE_IN_FLIGHT } from './engine/workflows.ts'

const quick = process.argv.includes('--quick')
const QUEUE_MESSAGES = quick ? 3_000 : 20_000
/** Rounds per queue comparison: each is short (seconds), so enough for a median that one noisy round cannot move. */
const QUEUE_ROUNDS = quick ? 1 : 5
/** Each size with its rounds: 100 MiB runs last seconds, as the queue ones do; a 1 GiB run over a minute, so once. */
const OBJECT_SIZES = quick
  ? [{ label: '10 MiB', mib: 10, rounds: 1 }]
  : [
      { label: '100 MiB', mib: 100, rounds: 5 },
      { label: '1 GiB', mib: 1_024, rounds: 1 },
    ]
const CORE_SCALE = quick ? 0.02 : 0.25
const reportFile = fileURLToPath(new URL('../../../docs/benchmarks-engine.md', import.meta.url))

function isPhaseResult(value: unknown): value is PhaseResult {
  return typeof value === 'object' && value !== null && 'phase' in value && 'perSecond' in value
}

const log = (line: string) => process.stderr.write(`${line}\n`)

/** Runs a phase process while watching the emulators' CPU; returns its result and their CPU in % of a core. */
async function phase(name: string, targets: Targets, emulators: readonly Emulator[]) {
  const before = emulators.map((e) => e.cpuSeconds())
  const started = performance.now()
  const result = await runPhase(name, targets)
  const seconds = (performance.now() - started) / 1000
  if (!isPhaseResult(result)) throw new Error(`${name} printed ${JSON.stringify(result)}`)
  const cpu = emulators.map(
    (e, i) => `${e.name} ${Math.round((100 * (e.cpuSeconds() - (before[i] ?? 0))) / seconds)} %`,
  )
  log(
    `${name}: ${Math.round(result.perSecond)} items/s in ${result.seconds.toFixed(1)} s, peak RSS ${result.peakRssMiB} MiB`,
  )
  return { result, cpu: cpu.join(', ') }
}

type Side = 'plain' | 'engine'

/**
 * `count` rounds of both sides, back to back, the plain loop first in odd rounds and the engine
 * first in even ones, so neither side always runs on a machine the other has just warmed.
 */
async function rounds(
  count: number,
  measure: (side: Side, round: number) => Promise<{ result: PhaseResult; cpu: string }>,
): Promise<Round[]> {
  const done: Round[] = []
  for (let round = 1; round <= count; round++) {
    const order: Side[] = round % 2 === 1 ? ['plain', 'engine'] : ['engine', 'plain']
    const runs: Partial<Record<Side, { result: PhaseResult; cpu: string }>> = {}
    for (const side of order) runs[side] = await measure(side, round)
    const { plain, engine } = runs
    if (plain === undefined || engine === undefined) throw new Error(`round ${round} did not run both sides`)
    done.push({ plain: plain.result, engine: engine.result, emulatorCpu: engine.cpu })
    log(`round ${round}: engine ÷ plain ${(engine.result.perSecond / plain.result.perSecond).toFixed(2)}`)
  }
  return done
}

/** Plain and engine, each on a freshly filled queue, for {@link QUEUE_ROUNDS} rounds. */
async function queueComparison(
  scenario: string,
  prefix: 'sqs-sns' | 'sqs-kinesis',
  base: Omit<Targets, 'queueUrl' | 'count'>,
  emulators: readonly Emulator[],
  batchMax: string,
): Promise<Comparison> {
  const measured = await rounds(QUEUE_ROUNDS, async (side, round) => {
    const queueUrl = await filledQueue(base, `${prefix}-${side}-${round}`, QUEUE_MESSAGES)
    const run = await phase(`${prefix}-${side}`, { ...base, queueUrl, count: QUEUE_MESSAGES }, emulators)
    const left = await queueLeft(base, queueUrl)
    if (left !== 0) throw new Error(`${prefix}-${side} left ${left} messages in the queue`)
    await dropQueue(base, queueUrl)
    return run
  })
  return { scenario, rounds: measured, batchMax }
}

/**
 * Plain and engine on one object, each run against a fresh kinesalite (it keeps every record in
 * memory), for `count` rounds.
 */
async function objectComparison(
  fauxqs: Emulator,
  label: string,
  mib: number,
  count: number,
): Promise<Comparison> {
  const records = Math.ceil((mib * 2 ** 20) / (objectRecord(0).length + 1))
  const key = `p${mib}/data.ndjson`
  const bytes = await uploadObject(
    { fauxqs: fauxqs.endpoint, kinesis: fauxqs.endpoint },
    'bench-objects',
    key,
    records,
  )
  log(`uploaded ${key}: ${(bytes / 2 ** 20).toFixed(0)} MiB, ${records} records`)
  const measured = await rounds(count, async (side) => {
    const kinesis = await startEmulator('kinesalite')
    try {
      const targets: Targets = {
        fauxqs: fauxqs.endpoint,
        kinesis: kinesis.endpoint,
        queueUrl: '',
        topicArn: '',
        stream: 'objects',
        bucket: 'bench-objects',
        key,
        count: records,
      }
      await createStream(targets, 'objects')
      return await phase(`s3-kinesis-${side}`, targets, [fauxqs, kinesis])
    } finally {
      await kinesis.stop()
    }
  })
  return {
    scenario: `S3 → Kinesis, ${label} NDJSON (${fixedMiB(bytes)})`,
    rounds: measured,
    batchMax: '500 records',
    rssTarget: true,
  }
}

const fixedMiB = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`

async function main(): Promise<void> {
  const started = Date.now()
  const loadAtStart = loadavg()
  const fauxqs = await startEmulator('fauxqs')
  const comparisons: Comparison[] = []
  try {
    const kinesis = await startEmulator('kinesalite')
    try {
      const base = {
        fauxqs: fauxqs.endpoint,
        kinesis: kinesis.endpoint,
        topicArn: '',
        stream: 'queue',
        bucket: '',
        key: '',
      }
      const topicArn = await createTopic(base, 'bench')
      await createStream(base, 'queue')
      comparisons.push(
        await queueComparison('SQS → SNS', 'sqs-sns', { ...base, topicArn }, [fauxqs], '10 entries'),
      )
      comparisons.push(
        await queueComparison('SQS → Kinesis', 'sqs-kinesis', base, [fauxqs, kinesis], '500 records'),
      )
    } finally {
      await kinesis.stop()
    }
    for (const { label, mib, rounds } of OBJECT_SIZES)
      comparisons.push(await objectComparison(fauxqs, label, mib, rounds))
  } finally {
    await fauxqs.stop()
  }
  log('core path')
  const core = await coreBench(CORE_SCALE)
  const notes = [
    `Queues hold ${QUEUE_MESSAGES.toLocaleString('en')} messages of about 200 bytes; objects hold records of about 4 KiB, one JSON object per line.`,
    `Engine settings: SQS source \`pollers: ${RECEIVERS}\`, \`maxInFlight\` ${QUEUE_IN_FLIGHT.sns} before SNS and ${QUEUE_IN_FLIGHT.kinesis} before Kinesis, no message attributes asked for; SNS sink defaults (\`maxInFlight: 16\`, linger 20 ms); Kinesis sink \`maxInFlight: ${PUTS_IN_FLIGHT}\`, linger ${KINESIS_LINGER_MS} ms; S3 source \`maxRecordsInFlight: ${OBJECT_RECORDS_IN_FLIGHT}\`. The plain loops use ${RECEIVERS} receive loops and ${PUTS_IN_FLIGHT} PutRecords calls in flight.`,
    "Time runs from the start of the workflow (or loop) until every item is delivered and, for SQS, deleted (the queue is empty); the engine's drain after that (at most a second for a long poll in flight) is not timed.",
  ]
  await writeFile(
    reportFile,
    renderReport(comparisons, core, notes, {
      minutes: (Date.now() - started) / 60_000,
      rounds: `${QUEUE_ROUNDS} for each queue, ${OBJECT_SIZES.map((o) => `${o.rounds} for ${o.label}`).join(', ')}`,
      loadAtStart,
    }),
  )
  log(`wrote ${reportFile}`)
}

await main()
