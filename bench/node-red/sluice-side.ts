/**
 * The Sluice side of the comparison, in a process of its own: `sluice-side.ts <variant> <messages>`,
 * with a variant name of `packages/engine/bench/core.ts`. Runs that file's `measure` (synthetic
 * source → map → filter → null sink through the engine's runtime, at most 1,000 unsettled) after a
 * warm-up, and prints one {@link SideResult} JSON line.
 */
import { measure, variants } from '../../packages/engine/bench/core.ts'
import { peakRssMiB, type SideResult, WARM_UP } from './workload.ts'

const name = process.argv[2]
const messages = Number(process.argv[3])
const variant = variants.find((v) => v.name === name)
if (variant === undefined)
  throw new Error(`unknown variant "${name}"; core.ts has: ${variants.map((v) => v.name).join(', ')}`)
if (!Number.isInteger(messages) || messages <= 0) throw new Error('messages must be a positive integer')

await measure(variant.compile, Math.min(WARM_UP, messages))
const measured = await measure(variant.compile, messages)
const result: SideResult = {
  side: 'sluice',
  variant: variant.name,
  messages,
  perSecond: measured.perSecond,
  cpuMicrosPerMessage: 1e6 / measured.perCpuSecond,
  peakRssMiB: peakRssMiB(),
}
process.stdout.write(`${JSON.stringify(result)}\n`)
process.exit(0)
