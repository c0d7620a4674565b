import { CompactContext } from '../compact.tsx'
import { FieldEditor } from '../FieldEditor.tsx'
import { useForm } from '../form-context.tsx'
import type { FieldModel } from '../form-model.ts'
import type { Path } from '../form-values.ts'

type ObjectModel = Extract<FieldModel, { type: 'object' }>

/** Rows of flat objects as a table: one column per field, labels in the header, issues in the cells. */
export function TableRows(props: {
  model: ObjectModel
  path: Path
  count: number
  onRemove(index: number): void
}) {
  const form = useForm()
  const columns = props.model.fields.filter((f) => f.type !== 'constant')
  if (props.count === 0) return <p className="muted">None yet.</p>
  return (
    <CompactContext.Provider value={true}>
      <table className="table-rows">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" title={c.description}>
                {c.label}
              </th>
            ))}
            {!form.readOnly && <th aria-label="Actions" />}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: props.count }, (_, i) => (
            <tr key={String(i)}>
              {columns.map((c) => (
                <td key={c.key} className="cell">
                  <FieldEditor
                    model={{ ...c, label: `${c.label} ${i + 1}` }}
                    path={[...props.path, i, c.key]}
                  />
                </td>
              ))}
              {!form.readOnly && (
                <td>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove row ${i + 1}`}
                    onClick={() => props.onRemove(i)}
                  >
                    ×
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </CompactContext.Provider>
  )
}
