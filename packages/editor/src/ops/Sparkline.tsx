/** A small line of recent values, scaled to its own maximum; the label says what it shows. */
export function Sparkline(props: {
  values: readonly number[]
  label: string
  width?: number
  height?: number
}) {
  const width = props.width ?? 120
  const height = props.height ?? 28
  const values = props.values.length > 0 ? props.values : [0]
  const max = Math.max(1, ...values)
  const step = values.length > 1 ? width / (values.length - 1) : width
  const points = values
    .map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`)
    .join(' ')
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={props.label}
    >
      <polyline points={points} fill="none" strokeWidth="1.5" />
    </svg>
  )
}
