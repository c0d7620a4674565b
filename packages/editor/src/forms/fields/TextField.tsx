import { FieldRow, useFieldAria } from '../FieldRow.tsx'
import { useForm } from '../form-context.tsx'
import type { FieldModel } from '../form-model.ts'
import type { Path } from '../form-values.ts'
import { MacroInput } from '../MacroInput.tsx'
import { MacroPreview } from '../MacroPreview.tsx'

type TextModel = Extract<FieldModel, { type: 'text' }>

/** A string field; every text field takes macros unless its phase is `none`, with completion. */
export function TextField(props: { model: TextModel; path: Path; value: unknown }) {
  const form = useForm()
  const aria = useFieldAria(props.path)
  const { model, path } = props
  const text =
    typeof props.value === 'string' ? props.value : props.value === undefined ? '' : String(props.value)
  const set = (next: string) => form.update(path, next === '' && !model.required ? undefined : next)
  const multiline = model.widget === 'textarea' || model.widget === 'pem' || model.widget === 'jsonata'
  const monospace = model.widget !== 'text'
  return (
    <FieldRow model={model} path={path} hint={<MacroPreview value={props.value} />}>
      {model.macro === 'none' && !multiline ? (
        <input
          {...aria}
          className={monospace ? 'input mono' : 'input'}
          type="text"
          value={text}
          placeholder={model.placeholder}
          readOnly={form.readOnly}
          spellCheck={false}
          onChange={(event) => set(event.target.value)}
        />
      ) : (
        <MacroInput
          {...aria}
          value={text}
          onChange={set}
          phase={model.macro}
          multiline={multiline}
          monospace={monospace}
          {...(model.placeholder === undefined ? {} : { placeholder: model.placeholder })}
        />
      )}
    </FieldRow>
  )
}
