import { useEffect, useRef, useState } from 'react'
import { FieldRow, useFieldAria } from '../FieldRow.tsx'
import { useForm } from '../form-context.tsx'
import type { FieldModel } from '../form-model.ts'
import type { Path } from '../form-values.ts'
import { MacroInput } from '../MacroInput.tsx'
import { isObject } from '../schema-read.ts'

type KeyValueModel = Extract<FieldModel, { type: 'keyValue' }>
type Row = { key: string; value: string }

function rowsOf(value: unknown): Row[] {
  return isObject(value)
    ? Object.entries(value).map(([key, v]) => ({ key, value: typeof v === 'string' ? v : String(v) }))
    : []
}

function objectOf(rows: readonly Row[]): Record<string, string> {
  const object: Record<string, string> = {}
  for (const row of rows) if (row.key !== '') object[row.key] = row.value
  return object
}

/**
 * A string map (environment variables, tags, metadata) as rows of key and value. Rows are kept
 * while a key is being retyped, so clearing a key to rename it does not lose its value.
 */
export function KeyValueField(props: { model: KeyValueModel; path: Path; value: unknown }) {
  const form = useForm()
  const aria = useFieldAria(props.path)
  const { model, path } = props
  const [rows, setRows] = useState(() => rowsOf(props.value))
  const emitted = useRef<unknown>(props.value)
  useEffect(() => {
    if (props.value !== emitted.current) {
      emitted.current = props.value
      setRows(rowsOf(props.value))
    }
  }, [props.value])
  const keyPattern = model.keyPattern === undefined ? undefined : new RegExp(model.keyPattern)
  const change = (next: Row[]) => {
    setRows(next)
    const object = objectOf(next)
    emitted.current = object
    form.update(path, object)
  }
  const duplicate = (key: string) => rows.filter((r) => r.key === key).length > 1
  return (
    <FieldRow model={model} path={path}>
      <table className="key-values" aria-labelledby={aria.id}>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Value</th>
            {!form.readOnly && <th aria-label="Actions" />}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const bad = row.key !== '' && ((keyPattern && !keyPattern.test(row.key)) || duplicate(row.key))
            return (
              <tr key={String(i)}>
                <td>
                  <input
                    className={bad ? 'input mono invalid' : 'input mono'}
                    aria-label={`Key ${i + 1}`}
                    aria-invalid={bad}
                    title={
                      bad
                        ? duplicate(row.key)
                          ? 'This key is used twice'
                          : `Keys match ${model.keyPattern ?? ''}`
                        : undefined
                    }
                    value={row.key}
                    readOnly={form.readOnly}
                    onChange={(event) =>
                      change(rows.map((r, j) => (j === i ? { ...r, key: event.target.value } : r)))
                    }
                  />
                </td>
                <td>
                  {model.valueMacro === 'none' ? (
                    <input
                      className="input mono"
                      aria-label={`Value of ${row.key || `key ${i + 1}`}`}
                      value={row.value}
                      readOnly={form.readOnly}
                      onChange={(event) =>
                        change(rows.map((r, j) => (j === i ? { ...r, value: event.target.value } : r)))
                      }
                    />
                  ) : (
                    <MacroInput
                      id={`${aria.id}-v${i}`}
                      aria-label={`Value of ${row.key || `key ${i + 1}`}`}
                      value={row.value}
                      phase={model.valueMacro}
                      onChange={(value) => change(rows.map((r, j) => (j === i ? { ...r, value } : r)))}
                    />
                  )}
                </td>
                {!form.readOnly && (
                  <td>
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Remove ${row.key || `row ${i + 1}`}`}
                      onClick={() => change(rows.filter((_, j) => j !== i))}
                    >
                      ×
                    </button>
                  </td>
                )}
              </tr>
            )
          })}
        </tbody>
      </table>
      {!form.readOnly && (
        <button
          type="button"
          className="button"
          id={aria.id}
          onClick={() => setRows([...rows, { key: '', value: '' }])}
        >
          Add key
        </button>
      )}
    </FieldRow>
  )
}
