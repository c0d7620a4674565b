import type { WorkflowStatus } from '@sluice/assets'
import { ago, bytes, rate } from '../ui/format.ts'
import { currentRate, rateSeries, type Sample } from './live-metrics.ts'
import { Sparkline } from './Sparkline.tsx'

/** One running workflow on a node: state, counts, rates with a sparkline, in-flight, objects and errors. */
export function WorkflowRow(props: { status: WorkflowStatus; samples: readonly Sample[] }) {
  const { status, samples } = props
  const m = status.metrics
  const failed = status.state.startsWith('failed')
  return (
    <div className={`workflow-status state-${status.state}`} data-workflow={status.workflow}>
      <div className="ws-head">
        <strong>{status.workflow}</strong>{' '}
        <span className="muted">
          {status.deployment} v{status.version}
        </span>{' '}
        <span className={failed ? 'chip chip-error' : status.state === 'running' ? 'chip chip-ok' : 'chip'}>
          {status.state}
        </span>{' '}
        <span className="muted">since {ago(status.since)}</span>
        {status.reason && <div className={failed ? 'error-text' : 'muted'}>{status.reason}</div>}
      </div>
      <dl className="counters">
        <div>
          <dt>in</dt>
          <dd data-counter="in">{m.in}</dd>
        </div>
        <div>
          <dt>out</dt>
          <dd data-counter="out">{m.out}</dd>
        </div>
        <div>
          <dt>filtered</dt>
          <dd>{m.filtered}</dd>
        </div>
        <div>
          <dt>errors</dt>
          <dd className={m.errors > 0 ? 'error-text' : undefined}>{m.errors}</dd>
        </div>
        <div>
          <dt>retries</dt>
          <dd>{m.retries}</dd>
        </div>
        <div>
          <dt>in flight</dt>
          <dd>{m.inFlight}</dd>
        </div>
        <div>
          <dt>rate</dt>
          <dd>
            {rate(currentRate(samples, 'in'))} in · {rate(currentRate(samples, 'out'))} out
          </dd>
        </div>
        <div>
          <dt>latency</dt>
          <dd>
            p50 {Math.round(m.latencyMs.p50)} ms · p99 {Math.round(m.latencyMs.p99)} ms
          </dd>
        </div>
        <div>
          <dt>batch fill</dt>
          <dd>{Math.round(m.batchFill * 100)}%</dd>
        </div>
      </dl>
      <Sparkline
        values={rateSeries(samples, 'out')}
        label={`Messages out per second of ${status.workflow}`}
      />
      {status.objects.length > 0 && (
        <ul className="objects">
          {status.objects.map((o) => (
            <li key={`${o.bucket}/${o.key}`}>
              <code>{`s3://${o.bucket}/${o.key}`}</code>
              <progress max={o.totalBytes || 1} value={o.bytesRead} aria-label={`Read of ${o.key}`} />
              <span className="muted">
                {bytes(o.bytesRead)} of {bytes(o.totalBytes)}, {o.records} records
              </span>
            </li>
          ))}
        </ul>
      )}
      {status.recentErrors.length > 0 && (
        <details className="recent-errors">
          <summary className="error-text">{status.recentErrors.length} recent error(s)</summary>
          <ul>
            {status.recentErrors.map((e, i) => (
              <li key={`${e.at}-${String(i)}`}>
                <span className="muted">{new Date(e.at).toLocaleTimeString()}</span> <code>{e.code}</code>
                {e.node ? ` at ${e.node}` : ''}: {e.message}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  )
}
