import { FieldEditor } from '../FieldEditor.tsx'
import { useForm } from '../form-context.tsx'
import type { FieldModel } from '../form-model.ts'
import type { Path } from '../form-values.ts'
import { isObject } from '../schema-read.ts'

type RecordModel = Extract<FieldModel, { type: 'record' }>

/** A map of objects, one group per key. (Secret values have their own write-only editor.) */
export function RecordField(props: { model: RecordModel; path: Path; value: unknown }) {
  const form = useForm()
  const { model, path } = props
  const keys = isObject(props.value) ? Object.keys(props.value) : []
  return (
    <fieldset className="group">
      <legend>{model.label}</legend>
      {model.description && <p className="field-help">{model.description}</p>}
      {keys.length === 0 && <p className="muted">None.</p>}
      {keys.map((key) => (
        <div key={key} className="list-card">
          <FieldEditor model={{ ...model.value, label: key }} path={[...path, key]} />
          {!form.readOnly && (
            <button type="button" className="button" onClick={() => form.update([...path, key], undefined)}>
              Remove {key}
            </button>
          )}
        </div>
      ))}
    </fieldset>
  )
}
