import type { WorkflowState, WorkflowStatus } from '@sluice/assets'
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

const perNode =
  (read: (n: NodeCounters) => number) =>
  (run: RunMetrics, base: Labels): Sample[] =>
    run.nodes.map((n) => [{ ...base, node: n.node, type: n.type }, read(n)])

const FAMILIES: readonly Family[] = [
  {
    name: 'sluice_workflow_in_total',
    help: 'Messages the sources emitted.',
    type: 'counter',
    samples: (r, b) => [[b, r.status.metrics.in]],
  },
  {
    name: 'sluice_workflow_out_total',
    help: 'Messages delivered by every branch.',
    type: 'counter',
    samples: (r, b) => [[b, r.status.metrics.out]],
  },
  {
    name: 'sluice_workflow_filtered_total',
    help: 'Messages dropped on purpose by a filter or route.',
    type: 'counter',
    samples: (r, b) => [[b, r.status.metrics.filtered]],
  },
  {
    name: 'sluice_workflow_errors_total',
    help: 'Messages nacked or sent to the error sink.',
    type: 'counter',
    samples: (r, b) => [[b, r.status.metrics.errors]],
  },
  {
    name: 'sluice_workflow_retries_total',
    help: 'Entries sinks sent again after a retryable failure.',
    type: 'counter',
    samples: (r, b) => [[b, r.status.metrics.retries]],
  },
  {
    name: 'sluice_workflow_in_flight',
    help: 'Messages emitted and not yet settled.',
    type: 'gauge',
    samples: (r, b) => [[b, r.status.metrics.inFlight]],
  },
  {
    name: 'sluice_workflow_batch_fill_ratio',
    help: 'Mean fill of sink batches, 0 to 1 of the service maximum.',
    type: 'gauge',
    samples: (r, b) => [[b, r.status.metrics.batchFill]],
  },
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
  {
    name: 'sluice_node_in_total',
    help: 'Messages a node received.',
    type: 'counter',
    samples: perNode((n) => n.in),
  },
  {
    name: 'sluice_node_out_total',
    help: 'Messages a node passed on or delivered.',
    type: 'counter',
    samples: perNode((n) => n.out),
  },
  {
    name: 'sluice_node_filtered_total',
    help: 'Messages a node dropped on purpose.',
    type: 'counter',
    samples: perNode((n) => n.filtered),
  },
  {
    name: 'sluice_node_errors_total',
    help: 'Messages that failed at a node.',
    type: 'counter',
    samples: perNode((n) => n.errors),
  },
  {
    name: 'sluice_node_retries_total',
    help: 'Entries a sink node sent again.',
    type: 'counter',
    samples: perNode((n) => n.retries),
  },
  {
    name: 'sluice_node_in_flight',
    help: 'Messages a node holds.',
    type: 'gauge',
    samples: perNode((n) => n.inFlight),
  },
  {
    name: 'sluice_node_batch_fill_ratio',
    help: 'Mean fill of a sink node’s batches.',
    type: 'gauge',
    samples: perNode((n) => n.batchFill),
  },
  {
    name: 'sluice_object_bytes_read',
    help: 'Bytes an S3 source has read of an object it is reading.',
    type: 'gauge',
    samples: (r, b) => r.status.objects.map((o) => [{ ...b, bucket: o.bucket, key: o.key }, o.bytesRead]),
  },
  {
    name: 'sluice_object_bytes_total',
    help: 'Size of an object an S3 source is reading.',
    type: 'gauge',
    samples: (r, b) => r.status.objects.map((o) => [{ ...b, bucket: o.bucket, key: o.key }, o.totalBytes]),
  },
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
