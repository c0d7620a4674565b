import type { AssetView } from '@sluice/assets'
import { ago } from '../ui/format.ts'

/** Valid, or how many issues; for connections, sources and sinks also the last test: connected or failing, and when. */
export function AssetStatus(props: { asset: AssetView }) {
  const { issues, test } = props.asset
  return (
    <span className="status-chips">
      {issues.length === 0 ? (
        <span className="chip chip-ok">valid</span>
      ) : (
        <span className="chip chip-error" title={issues.map((i) => `${i.path}: ${i.message}`).join('\n')}>
          {issues.length === 1 ? '1 issue' : `${issues.length} issues`}
        </span>
      )}
      {test && test.status !== 'untested' && (
        <span
          className={test.status === 'connected' ? 'chip chip-ok' : 'chip chip-error'}
          title={test.message ?? (test.ranAt ? new Date(test.ranAt).toLocaleString() : undefined)}
        >
          {test.status} {ago(test.ranAt)}
        </span>
      )}
      {test?.status === 'untested' && <span className="chip">untested</span>}
    </span>
  )
}
