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
import { type Comparison, renderReport } from './engine/report.ts'
import { createStream, createTopic, dropQueue, filledQueue, queueLeft, uploadObject } from './engine/setup.ts'
import { objectRecord, type PhaseResult, type Targets } from './engine/targets.ts'
import { KINESIS_LINGER_MS, OBJECT_RECORDS_IN_FLIGHT, QUEUE_IN_FLIGHT } from './engine/workflows.ts'

const quick = process.argv.includes('--quick')
const QUEUE_MESSAGES = quick ? 3_000 : 20_000
const ROUNDS = quick ? 1 : 3
/** Each size with its rounds per side (the better kept): a 1 GiB run lasts a minute, so once. */
const OBJECT_SIZES = quick
  ? [{ label: '10 MiB', mib: 10, rounds: 1 }]
  : [
      { label: '100 MiB', mib: 100, rounds: 3 },
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

function better(a: PhaseResult | undefined, b: PhaseResult): PhaseResult {
  return a === undefined || b.perSecond > a.perSecond ? b : a
}

/** Two rounds of plain and engine on a freshly filled queue each; the better of each side. */
async function queueComparison(
  scenario: string,
  prefix: 'sqs-sns' | 'sqs-kinesis',
  base: Omit<Targets, 'queueUrl' | 'count'>,
  emulators: readonly Emulator[],
  batchMax: string,
): Promise<Comparison> {
  let plain: PhaseResult | undefined
  let engine: PhaseResult | undefined
  let emulatorCpu = ''
  for (let round = 1; round <= ROUNDS; round++)
    for (const side of ['plain', 'engine'] as const) {
      const queueUrl = await filledQueue(base, `${prefix}-${side}-${round}`, QUEUE_MESSAGES)
      const { result, cpu } = await phase(
        `${prefix}-${side}`,
        { ...base, queueUrl, count: QUEUE_MESSAGES },
        emulators,
      )
      const left = await queueLeft(base, queueUrl)
      if (left !== 0) throw new Error(`${prefix}-${side} left ${left} messages in the queue`)
      await dropQueue(base, queueUrl)
      if (side === 'plain') plain = better(plain, result)
      else {
        if (engine === undefined || result.perSecond > engine.perSecond) emulatorCpu = cpu
        engine = better(engine, result)
      }
    }
  if (plain === undefined || engine === undefined) throw new Error('no rounds ran')
  return { scenario, plain, engine, batchMax, emulatorCpu }
}

/**
 * Plain and engine on one object, each run against a fresh kinesalite (it keeps every record in
 * memory); the better of `rounds` runs of each side.
 */
async function objectComparison(
  fauxqs: Emulator,
  label: string,
  mib: number,
  rounds: number,
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
  const sides: Partial<Record<'plain' | 'engine', { result: PhaseResult; cpu: string }>> = {}
  for (let round = 1; round <= rounds; round++)
    for (const side of ['plain', 'engine'] as const) {
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
        const run = await phase(`s3-kinesis-${side}`, targets, [fauxqs, kinesis])
        const best = sides[side]
        if (best === undefined || run.result.perSecond > best.result.perSecond) sides[side] = run
      } finally {
        await kinesis.stop()
      }
    }
  const { plain, engine } = sides
  if (plain === undefined || engine === undefined) throw new Error('a side did not run')
  return {
    scenario: `S3 → Kinesis, ${label} NDJSON (${fixedMiB(bytes)})`,
    plain: plain.result,
    engine: engine.result,
    batchMax: '500 records',
    emulatorCpu: engine.cpu,
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
      rounds: ROUNDS,
      loadAtStart,
    }),
  )
  log(`wrote ${reportFile}`)
}

await main()
