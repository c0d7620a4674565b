import type { FaultRates, FaultStats } from '@sluice/aws-local'
import { loadLine, machineLine } from '../../bench/machine.ts'
import { totals, type WorkflowCount } from './count.ts'
import { type ChaosWorkflow, OBJECTS_IN_FLIGHT, SQS_IN_FLIGHT, VISIBILITY_SECONDS } from './project.ts'
import type { Round } from './schedule.ts'

/** A round as it went: the schedule, and how long the node took to be up again after its restart. */
export interface RoundOutcome extends Round {
  /** Ids sent to all workflows when the node was killed. */
  readonly sentBefore: number
  readonly upAgainMs: number
  /** Where the S3 poller (a singleton) was placed once the node was back. */
  readonly singletonOn: string
}

/** Everything `docs/chaos.md` shows of one run. */
export interface ChaosRun {
  readonly date: string
  readonly minutes: number
  readonly seed: number
  readonly rates: FaultRates
  readonly nodes: Readonly<Record<string, readonly string[]>>
  readonly workflows: readonly ChaosWorkflow[]
  readonly placement: string
  readonly rounds: readonly RoundOutcome[]
  readonly drainedMs: number | undefined
  readonly nodeExits: Readonly<Record<string, number | null | 'killed'>>
  readonly proxies: Readonly<Record<string, FaultStats>>
  readonly counts: readonly WorkflowCount[]
  readonly failures: readonly string[]
}

const n = (value: number) => value.toLocaleString('en')
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

function proxyRows(proxies: ChaosRun['proxies']): string[] {
  const rows = [
    '| proxy in front of | calls | throttled | 5xx | dropped before | dropped after | partial batches (entries failed) |',
    '|---|---|---|---|---|---|---|',
  ]
  for (const [name, s] of Object.entries(proxies))
    rows.push(
      `| ${name} | ${n(s.calls)} | ${n(s.faults.throttle)} | ${n(s.faults['server-error'])} | ` +
        `${n(s.faults['drop-before'])} | ${n(s.faults['drop-after'])} | ${n(s.faults.partial)} (${n(s.failedEntries)}) |`,
    )
  return rows
}

function countRows(counts: readonly WorkflowCount[]): string[] {
  const all = totals(counts)
  return [
    '| workflow | sent | received | distinct | duplicates | lost | never sent |',
    '|---|---|---|---|---|---|---|',
    ...counts.map(
      (c) =>
        `| ${c.label} (\`${c.workflow}\`) | ${n(c.sent)} | ${n(c.received)} | ${n(c.distinct)} | ${n(c.duplicates)} | ` +
        `${n(c.lost.length)} | ${n(c.unexpected.length)} |`,
    ),
    `| all | ${n(all.sent)} | ${n(all.received)} | ${n(all.sent - all.lost)} | ${n(all.duplicates)} | ${n(all.lost)} | ${n(all.unexpected)} |`,
  ]
}

/** The Markdown of `docs/chaos.md` for one run. */
export function renderChaosReport(run: ChaosRun): string {
  const rates = Object.entries(run.rates)
    .map(([kind, rate]) => `${kind} ${((rate ?? 0) * 100).toFixed(1)} %`)
    .join(', ')
  return [
    '# Chaos run',
    '',
    'Written by `pnpm chaos` (`scripts/chaos/main.ts`). A config server and three engine nodes run as CLI',
    'child processes on the local AWS stack (fauxqs, kinesalite and the EventBridge stand-in, in a child',
    'process of their own). The nodes reach AWS only through fault proxies (`packages/aws-local/src/fault-proxy`)',
    'that throttle, answer 5xx, drop connections and fail entries of batch calls at seeded rates, for the whole',
    'run including the drain. Traffic goes to every input the whole time, straight to the emulators; in each',
    'round a random engine node is SIGKILLed in the middle of the flow and restarted. At the end the inputs are',
    'drained, the nodes stopped, and every id sent is looked for at its output.',
    '',
    `- Verdict: ${run.failures.length === 0 ? '**nothing lost**' : `**failed**: ${run.failures.join('; ')}`}`,
    `- Date: ${run.date}; the whole run took ${run.minutes.toFixed(1)} minutes`,
    `- Machine: ${machineLine()}; ${loadLine()} at the end`,
    `- Seed ${run.seed}; fault rates per call: ${rates}`,
    `- Nodes: ${Object.entries(run.nodes)
      .map(([id, roles]) => `${id} [${roles.join(', ')}]`)
      .join(', ')}`,
    `- Placement before the first kill: ${run.placement}`,
    `- Drain after the last round: ${run.drainedMs === undefined ? '**not finished**' : seconds(run.drainedMs)}; nodes stopped with SIGTERM: ${Object.entries(
      run.nodeExits,
    )
      .map(([id, code]) => `${id} exit ${code}`)
      .join(', ')}`,
    '',
    '## What arrived',
    '',
    ...countRows(run.counts),
    '',
    'Duplicates are expected (at-least-once delivery): a message whose node was killed before the source deleted',
    `it comes back after its visibility timeout (${VISIBILITY_SECONDS} s), and a call dropped after the service did the work is`,
    `retried. A kill can repeat at most the in-flight window of each workflow on that node (${SQS_IN_FLIGHT} messages per SQS`,
    `source, ${OBJECTS_IN_FLIGHT} objects for the S3 source), and each dropped-after call at most one batch.`,
    '',
    '## Rounds',
    '',
    '| round | node SIGKILLed | after | down for | up again after restart | ids sent by then | S3 poller (singleton) on, after |',
    '|---|---|---|---|---|---|---|',
    ...run.rounds.map(
      (r) =>
        `| ${r.round} | ${r.node} | ${seconds(r.killAfterMs)} | ${seconds(r.downMs)} | ${seconds(r.upAgainMs)} | ${n(r.sentBefore)} | ${r.singletonOn} |`,
    ),
    '',
    '## Faults injected',
    '',
    ...proxyRows(run.proxies),
    '',
    '## Workflows',
    '',
    '| workflow | source → sink | required roles | counted at |',
    '|---|---|---|---|',
    ...run.workflows.map(
      (w) =>
        `| \`${w.name}\` | ${w.label} | ${w.requiredRoles.join(', ')} | ` +
        `${w.output.type === 'stream' ? `stream \`${w.output.stream}\`` : `queue \`${w.output.queue}\``} |`,
    ),
    '',
  ].join('\n')
}
