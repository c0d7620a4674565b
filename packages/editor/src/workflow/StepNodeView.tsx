import { Handle, type NodeProps, Position } from '@xyflow/react'
import { memo } from 'react'
import type { StepNode } from './flow-elements.ts'

const ICONS: Readonly<Record<string, string>> = {
  source: '⇥',
  sink: '⇤',
  map: 'ƒ',
  filter: '⊘',
  route: '⑂',
  throttle: '⏱',
}

function summaryOf(props: Readonly<Record<string, unknown>>, type: string): string {
  if (type === 'source' || type === 'sink')
    return typeof props.asset === 'string' && props.asset ? props.asset : 'no asset chosen'
  if (typeof props.expression === 'string') return props.expression
  if (type === 'throttle') return `${String(props.ratePerSecond ?? '?')} / s`
  return ''
}

/** One step on the canvas: its kind, id and gist, its input and output ports, and its issues. */
export const StepNodeView = memo(function StepNodeView({ data, selected }: NodeProps<StepNode>) {
  const { node, title, ports, issues } = data
  const summary = summaryOf(node.props, node.type)
  const invalid = issues.length > 0
  return (
    <div
      className={`step step-${node.type || 'unknown'}${invalid ? ' step-invalid' : ''}${selected ? ' step-selected' : ''}`}
      title={invalid ? issues.map((i) => i.issue.message).join('\n') : undefined}
      data-node-id={node.id}
    >
      {data.takesInput && <Handle type="target" position={Position.Left} id="in" className="port port-in" />}
      <div className="step-head">
        <span className="step-icon" aria-hidden="true">
          {ICONS[node.type] ?? '?'}
        </span>
        <span className="step-title">{title}</span>
        {data.isErrorSink && <span className="chip">errors</span>}
        {invalid && (
          <span className="step-issues" role="img" aria-label={`${issues.length} issue(s)`}>
            {issues.length}
          </span>
        )}
      </div>
      <div className="step-id">{node.id || '(no id)'}</div>
      {summary && <div className="step-summary">{summary}</div>}
      {node.type === 'route' && ports.length > 0 && (
        <ul className="step-ports">
          {ports.map((port) => (
            <li key={port}>
              {port}
              <Handle type="source" position={Position.Right} id={port} className="port port-out" />
            </li>
          ))}
        </ul>
      )}
      {node.type !== 'route' && ports.includes('out') && (
        <Handle type="source" position={Position.Right} id="out" className="port port-out" />
      )}
    </div>
  )
})
