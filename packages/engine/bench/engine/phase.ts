/**
 * One measured phase of `pnpm bench:engine`, in a process of its own: `phase.mjs <name> <targets>`
 * prints the phase's result as one JSON line. The bench runs it bundled (plain JavaScript, as
 * engine nodes run), so neither side carries the TypeScript loader.
 */
import { plainS3Kinesis, plainSqsKinesis, plainSqsSns } from './plain.ts'
import type { PhaseResult, Targets } from './targets.ts'
import { engineS3Kinesis, engineSqsKinesis, engineSqsSns } from './workflows.ts'

const phases: Record<string, (t: Targets) => Promise<PhaseResult>> = {
  'sqs-sns-plain': plainSqsSns,
  'sqs-sns-engine': engineSqsSns,
  'sqs-kinesis-plain': plainSqsKinesis,
  'sqs-kinesis-engine': engineSqsKinesis,
  's3-kinesis-plain': plainS3Kinesis,
  's3-kinesis-engine': engineS3Kinesis,
}

function isTargets(value: unknown): value is Targets {
  return typeof value === 'object' && value !== null && 'fauxqs' in value && 'count' in value
}

const [name = '', json = 'null'] = process.argv.slice(2)
const run = phases[name]
const input: unknown = JSON.parse(json)
if (run === undefined || !isTargets(input))
  throw new Error(`bad phase arguments: ${process.argv.slice(2).join(' ')}`)
process.stdout.write(`${JSON.stringify(await run(input))}\n`)
process.exit(0)
