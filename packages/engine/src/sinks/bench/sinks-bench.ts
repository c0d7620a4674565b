/**
 * Benchmark of the sinks against the local AWS stack, each sink beside a hand-written SDK loop
 * doing the same work. The stack runs in its own process, and every phase in a fresh process, so
 * each peak RSS is that phase's alone. Run: `npx tsx packages/engine/src/sinks/bench/sinks-bench.ts`.
 * `--only sqs` runs the phases of one sink. Prints a Markdown table; numbers on a shared 2-core
 * machine vary by ±30 % between runs.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { CreateEventBusCommand } from '@aws-sdk/client-eventbridge'
import { CreateStreamCommand, waitUntilStreamExists } from '@aws-sdk/client-kinesis'
import { CreateBucketCommand } from '@aws-sdk/client-s3'
import { CreateTopicCommand } from '@aws-sdk/client-sns'
import { CreateQueueCommand } from '@aws-sdk/client-sqs'
import { type BenchTargets, benchClients, type PhaseResult, phases } from './phases.ts'

const here = fileURLToPath(import.meta.url)
const stackCli = fileURLToPath(new URL('../../../../aws-local/src/cli.ts', import.meta.url))

async function firstLine(child: ChildProcess): Promise<string> {
  if (child.stdout === null) throw new Error('no stdout')
  for await (const line of createInterface({ input: child.stdout })) return line
  throw new Error('the process ended before it printed a line')
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

function textField(parsed: unknown, key: string): string {
  const value = isRecord(parsed) ? parsed[key] : undefined
  return typeof value === 'string' ? value : ''
}

function endpointsOf(line: string): BenchTargets['endpoints'] & { region: string } {
  const parsed: unknown = JSON.parse(line)
  const text = (key: string) => textField(parsed, key)
  return {
    s3: text('s3'),
    sqs: text('sqs'),
    sns: text('sns'),
    kinesis: text('kinesis'),
    eventbridge: text('eventbridge'),
    sts: text('sts'),
    region: text('region'),
  }
}

function targetsOf(stackLine: string, created: { queueUrl: string; topicArn: string }): BenchTargets {
  const { region, ...endpoints } = endpointsOf(stackLine)
  return { endpoints, region, ...created, stream: 'bench', bus: 'bench', bucket: 'bench' }
}

/** Creates the bench's queue, topic, stream, bus and bucket; returns the queue URL and topic ARN. */
async function createResources(line: string): Promise<{ queueUrl: string; topicArn: string }> {
  const { region, ...endpoints } = endpointsOf(line)
  const clients = benchClients({ region, endpoints })
  const [sqs, sns, kinesis, events, s3] = [
    clients.sqs(),
    clients.sns(),
    clients.kinesis(),
    clients.eventBridge(),
    clients.s3(),
  ]
  const { QueueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: 'bench' }))
  const { TopicArn = '' } = await sns.send(new CreateTopicCommand({ Name: 'bench' }))
  await kinesis.send(new CreateStreamCommand({ StreamName: 'bench', ShardCount: 4 }))
  await waitUntilStreamExists({ client: kinesis, maxWaitTime: 20, minDelay: 0.1 }, { StreamName: 'bench' })
  await events.send(new CreateEventBusCommand({ Name: 'bench' }))
  await s3.send(new CreateBucketCommand({ Bucket: 'bench' }))
  clients.destroy()
  return { queueUrl: QueueUrl, topicArn: TopicArn }
}

async function runPhase(name: string, stackLine: string, created: object): Promise<PhaseResult> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', here, '--phase', name, stackLine, JSON.stringify(created)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const line = await firstLine(child)
  await new Promise((resolve) => child.once('exit', resolve))
  const parsed: unknown = JSON.parse(line)
  if (!isRecord(parsed) || typeof parsed.phase !== 'string') throw new Error(`phase ${name} said ${line}`)
  return {
    phase: parsed.phase,
    items: Number(parsed.items),
    seconds: Number(parsed.seconds),
    perSecond: Number(parsed.perSecond),
    peakRssMiB: Number(parsed.peakRssMiB),
    ...(parsed.batchFill === undefined ? {} : { batchFill: Number(parsed.batchFill) }),
    ...(parsed.calls === undefined ? {} : { calls: Number(parsed.calls) }),
    ...(parsed.failed === undefined ? {} : { failed: Number(parsed.failed) }),
    ...(typeof parsed.note === 'string' ? { note: parsed.note } : {}),
  }
}

function table(results: readonly PhaseResult[]): string {
  const rows = [
    '| sink | engine items/s | plain SDK items/s | ratio | batch fill | calls | engine peak RSS MiB | plain peak RSS MiB | failed |',
    '|---|---|---|---|---|---|---|---|---|',
  ]
  for (const service of ['sqs', 'sns', 'kinesis', 'eventbridge', 's3']) {
    const engineRun = results.find((r) => r.phase === `${service}-engine`)
    const plainRun = results.find((r) => r.phase === `${service}-plain`)
    if (engineRun === undefined || plainRun === undefined) continue
    rows.push(
      `| ${service} | ${Math.round(engineRun.perSecond)} | ${Math.round(plainRun.perSecond)} | ${(engineRun.perSecond / plainRun.perSecond).toFixed(2)} | ${((engineRun.batchFill ?? 0) * 100).toFixed(1)} % | ${engineRun.calls ?? ''} | ${engineRun.peakRssMiB} | ${plainRun.peakRssMiB} | ${engineRun.failed ?? 0}${engineRun.note ? ` (${engineRun.note})` : ''} |`,
    )
  }
  return rows.join('\n')
}

async function main(): Promise<void> {
  const [flag, name, stackLine, createdJson] = process.argv.slice(2)
  if (flag === '--phase' && name !== undefined && stackLine !== undefined && createdJson !== undefined) {
    const phase = phases[name]
    if (phase === undefined) throw new Error(`unknown phase ${name}`)
    const created: unknown = JSON.parse(createdJson)
    const targets = targetsOf(stackLine, {
      queueUrl: textField(created, 'queueUrl'),
      topicArn: textField(created, 'topicArn'),
    })
    process.stdout.write(`${JSON.stringify(await phase(targets))}\n`)
    process.exit(0)
  }
  const stack = spawn(process.execPath, ['--import', 'tsx', stackCli], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  try {
    const stackLine = await firstLine(stack)
    const created = await createResources(stackLine)
    const results: PhaseResult[] = []
    const only = flag === '--only' && name !== undefined ? name : ''
    for (const phase of Object.keys(phases).filter((p) => p.startsWith(only))) {
      const result = await runPhase(phase, stackLine, created)
      process.stderr.write(
        `${phase}: ${Math.round(result.perSecond)} items/s in ${result.seconds.toFixed(1)} s\n`,
      )
      results.push(result)
    }
    process.stdout.write(`${table(results)}\n`)
  } finally {
    stack.kill('SIGTERM')
  }
}

await main()
