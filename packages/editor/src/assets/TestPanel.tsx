import type { AssetView, ProbeReport } from '@sluice/assets'
import { useState } from 'react'
import { useApi, useSession } from '../app/session.tsx'
import { ErrorMessage } from '../ui/ErrorMessage.tsx'
import { ago } from '../ui/format.ts'

/**
 * "Test connection": every call the engine would make, in order, each passed or failed with the
 * IAM action it needs, and where the test ran (the server, or an engine node of the cluster).
 */
export function TestPanel(props: {
  asset: AssetView
  dirty: boolean
  saveFirst(): Promise<boolean>
  onTested(): void
}) {
  const api = useApi()
  const { can } = useSession()
  const [report, setReport] = useState<ProbeReport>()
  const [error, setError] = useState<unknown>()
  const [running, setRunning] = useState(false)
  const run = async () => {
    setRunning(true)
    setError(undefined)
    try {
      if (props.dirty && !(await props.saveFirst())) return
      setReport(await api.assets.test(props.asset.kind, props.asset.name))
      props.onTested()
    } catch (failure) {
      setError(failure)
    } finally {
      setRunning(false)
    }
  }
  const last = props.asset.test
  return (
    <section className="panel" aria-label="Test">
      <h2>Test</h2>
      {!report && last && last.status !== 'untested' && (
        <p className={last.status === 'connected' ? 'ok-text' : 'error-text'}>
          Last test: {last.status} {ago(last.ranAt)}
          {last.message ? ` — ${last.message}` : ''}
        </p>
      )}
      <button
        type="button"
        className="button primary"
        disabled={running || !can('assets.test')}
        onClick={() => void run()}
      >
        {running ? 'Testing…' : props.dirty ? 'Save and test connection' : 'Test connection'}
      </button>
      <ErrorMessage error={error} />
      {report && <ProbeTable report={report} />}
    </section>
  )
}

function ProbeTable({ report }: { report: ProbeReport }) {
  const where =
    report.location.on === 'server' ? 'on the config server' : `on engine node ${report.location.nodeId}`
  return (
    <div className="probe-report" aria-live="polite">
      <p className={report.ok ? 'ok-text' : 'error-text'} data-testid="test-result">
        {report.ok ? 'Connected' : 'Failing'} — ran {where}, {new Date(report.ranAt).toLocaleTimeString()}
      </p>
      {report.identity && (
        <p className="muted">
          as <code>{report.identity.arn}</code>
        </p>
      )}
      <table className="probes">
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">IAM action</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {report.probes.map((p, i) => (
            <ProbeRows key={`${p.name}-${String(i)}`} probe={p} />
          ))}
        </tbody>
      </table>
    </div>
  )
}

function ProbeRows({ probe }: { probe: ProbeReport['probes'][number] }) {
  return (
    <>
      <tr className={probe.ok ? 'probe-ok' : 'probe-failed'}>
        <td>{probe.name}</td>
        <td>
          <code>{probe.action ?? '—'}</code>
        </td>
        <td>
          {probe.ok ? '✓ ok' : `✗ ${probe.code ?? 'failed'}`}{' '}
          <span className="muted">{`${Math.round(probe.durationMs)} ms`}</span>
        </td>
      </tr>
      {!probe.ok && (
        <tr className="probe-detail">
          <td colSpan={3}>
            {probe.action && probe.code === 'aws.access-denied' && (
              <div className="missing-action">
                Missing permission: <code>{probe.action}</code>
              </div>
            )}
            {probe.message}
          </td>
        </tr>
      )}
    </>
  )
}
