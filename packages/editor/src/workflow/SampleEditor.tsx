import { useState } from 'react'

export const DEFAULT_SAMPLE = `{
  "orderId": "A-1001",
  "customerId": "c-42",
  "status": "paid",
  "items": [
    { "sku": "chair", "qty": 2, "price": 600 },
    { "sku": "lamp", "qty": 1, "price": 80 }
  ]
}`

/** The sample message body expressions are previewed against; kept while the page is open. */
export function SampleEditor(props: { text: string; onChange(text: string, body: unknown): void }) {
  const [error, setError] = useState<string>()
  return (
    <details className="sample-editor">
      <summary>Sample message{error ? ' (not valid JSON)' : ''}</summary>
      <label className="visually-hidden" htmlFor="sample-body">
        Sample message body (JSON)
      </label>
      <textarea
        id="sample-body"
        className={error ? 'input mono invalid' : 'input mono'}
        rows={8}
        spellCheck={false}
        value={props.text}
        onChange={(event) => {
          const text = event.target.value
          try {
            const body: unknown = JSON.parse(text)
            setError(undefined)
            props.onChange(text, body)
          } catch (failure) {
            setError(failure instanceof Error ? failure.message : String(failure))
            props.onChange(text, undefined)
          }
        }}
      />
      {error && (
        <div className="field-issue" role="alert">
          {error}
        </div>
      )}
    </details>
  )
}
