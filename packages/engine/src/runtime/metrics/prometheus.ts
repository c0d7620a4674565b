import type { ObjectProgress, WorkflowMetrics, WorkflowState, WorkflowStatus } from '@sluice/assets'
import type { NodeCounters } from './counters.ts'

/** What the exposition reads of one workflow run. */
export interface RunMetrics {
  readonly status: WorkflowStatus
  readonly nodes: readonly NodeCounters[]
  /** Every end-to-end latency recorded since start: their sum in milliseconds and count. */
  readonly latency: { readonly sumMs: number; readonly count: number }
}

const STATES: readonly WorkflowState[] = [
  'starting',
  'running',
  'draining',
  'stopped',
  'failed-config',
  'failed-dependency',
]

type Labels = Readonly<Record<string, string>>
type Sample = readonly [Labels, number]

interface Family {
  name: string
  help: string
  type: 'counter' | 'gauge' | 'summary'
  samples: (run: RunMetrics, base: Labels) => Sample[]
}

const workflowFamily = (
  name: string,
  type: 'counter' | 'gauge',
  help: string,
  read: (m: WorkflowMetrics) => number,
): Family => ({ name, help, type, samples: (run, base) => [[base, read(run.status.metrics)]] })

const nodeFamily = (
  name: string,
  type: 'counter' | 'gauge',
  help: string,
  read: (n: NodeCounters) => number,
): Family => ({
  name,
  help,
  type,
  samples: (run, base) => run.nodes.map((n) => [{ ...base, node: n.node, type: n.type }, read(n)]),
})

const objectFamily = (name: string, help: string, read: (o: ObjectProgress) => number): Family => ({
  name,
  help,
  type: 'gauge',
  samples: (run, base) => run.status.objects.map((o) => [{ ...base, bucket: o.bucket, key: o.key }, read(o)]),
})

const FAMILIES: readonly Family[] = [
  workflowFamily('sluice_workflow_in_total', 'counter', 'Messages the sources emitted.', (m) => m.in),
  workflowFamily('sluice_workflow_out_total', 'counter', 'Messages delivered by every branch.', (m) => m.out),
  workflowFamily(
    'sluice_workflow_filtered_total',
    'counter',
    'Messages dropped on purpose.',
    (m) => m.filtered,
  ),
  workflowFamily(
    'sluice_workflow_errors_total',
    'counter',
    'Messages nacked or sent to the error sink.',
    (m) => m.errors,
  ),
  workflowFamily('sluice_workflow_retries_total', 'counter', 'Entries sinks sent again.', (m) => m.retries),
  workflowFamily(
    'sluice_workflow_in_flight',
    'gauge',
    'Messages emitted and not yet settled.',
    (m) => m.inFlight,
  ),
  workflowFamily(
    'sluice_workflow_batch_fill_ratio',
    'gauge',
    'Mean fill of sink batches, 0 to 1.',
    (m) => m.batchFill,
  ),
  {
    name: 'sluice_workflow_latency_seconds',
    help: 'End-to-end latency from receipt to settlement (quantiles over the last minute or two).',
    type: 'summary',
    samples: (r, b) => [
      [{ ...b, quantile: '0.5' }, r.status.metrics.latencyMs.p50 / 1000],
      [{ ...b, quantile: '0.99' }, r.status.metrics.latencyMs.p99 / 1000],
    ],
  },
  {
    name: 'sluice_workflow_state',
    help: 'The state of the workflow: 1 for the current one.',
    type: 'gauge',
    samples: (r, b) => STATES.map((state) => [{ ...b, state }, r.status.state === state ? 1 : 0]),
  },
  nodeFamily('sluice_node_in_total', 'counter', 'Messages a node received.', (n) => n.in),
  nodeFamily('sluice_node_out_total', 'counter', 'Messages a node passed on or delivered.', (n) => n.out),
  nodeFamily(
    'sluice_node_filtered_total',
    'counter',
    'Messages a node dropped on purpose.',
    (n) => n.filtered,
  ),
  nodeFamily('sluice_node_errors_total', 'counter', 'Messages that failed at a node.', (n) => n.errors),
  nodeFamily('sluice_node_retries_total', 'counter', 'Entries a sink node sent again.', (n) => n.retries),
  nodeFamily('sluice_node_in_flight', 'gauge', 'Messages a node holds.', (n) => n.inFlight),
  nodeFamily(
    'sluice_node_batch_fill_ratio',
    'gauge',
    'Mean fill of a sink node’s batches.',
    (n) => n.batchFill,
  ),
  objectFamily('sluice_object_bytes_read', 'Bytes an S3 source has read of an object.', (o) => o.bytesRead),
  objectFamily(
    'sluice_object_bytes_total',
    'Size of an object an S3 source is reading.',
    (o) => o.totalBytes,
  ),
]

/** Renders the Prometheus text exposition (format 0.0.4) of the runs on this node. */
export function renderPrometheus(runs: readonly RunMetrics[]): string {
  const lines: string[] = []
  for (const family of FAMILIES) {
    const samples = runs.flatMap((run) => family.samples(run, baseLabels(run)))
    if (samples.length === 0 && family.type !== 'summary') continue
    lines.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`)
    for (const [labels, value] of samples)
      lines.push(`${family.name}${labelText(labels)} ${numberText(value)}`)
    if (family.type === 'summary')
      for (const run of runs) {
        const base = labelText(baseLabels(run))
        lines.push(`${family.name}_sum${base} ${numberText(run.latency.sumMs / 1000)}`)
        lines.push(`${family.name}_count${base} ${numberText(run.latency.count)}`)
      }
  }
  return `${lines.join('\n')}\n`
}

function baseLabels(run: RunMetrics): Labels {
  return { deployment: run.status.deployment, workflow: run.status.workflow }
}

function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`)
  return parts.length === 0 ? '' : `{${parts.join(',')}}`
}

function escapeLabel(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')
}

function numberText(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Number.POSITIVE_INFINITY) return '+Inf'
  if (value === Number.NEGATIVE_INFINITY) return '-Inf'
  return String(value)
}
