import { isMacroText } from '@sluice/assets'
import { duration } from '../../ui/format.ts'
import { FieldRow, useFieldAria } from '../FieldRow.tsx'
import { useForm } from '../form-context.tsx'
import type { FieldModel } from '../form-model.ts'
import type { Path } from '../form-values.ts'
import { MacroInput } from '../MacroInput.tsx'
import { MacroPreview } from '../MacroPreview.tsx'

type NumberModel = Extract<FieldModel, { type: 'number' }>

const NUMBER = /^-?\d+(\.\d+)?$/

/**
 * A number that also takes a macro such as `${lay:BATCH}`: the text becomes a number when it is
 * one, and stays text otherwise, so validation can say what is wrong with it.
 */
export function NumberField(props: { model: NumberModel; path: Path; value: unknown }) {
  const form = useForm()
  const aria = useFieldAria(props.path)
  const { model, path, value } = props
  const text = value === undefined ? '' : String(value)
  const set = (next: string) => {
    const trimmed = next.trim()
    if (trimmed === '') form.update(path, undefined)
    else form.update(path, NUMBER.test(trimmed) ? Number(trimmed) : next)
  }
  const range = [
    model.minimum === undefined ? undefined : `from ${model.minimum}`,
    model.maximum === undefined ? undefined : `to ${model.maximum}`,
  ]
    .filter((s) => s !== undefined)
    .join(' ')
  const hint = isMacroText(value) ? (
    <MacroPreview value={value} />
  ) : model.duration && typeof value === 'number' ? (
    <span className="muted">{`= ${duration(value)}`}</span>
  ) : range ? (
    <span className="muted">{range}</span>
  ) : undefined
  const placeholder =
    model.defaultValue === undefined ? model.placeholder : `${String(model.defaultValue)} (default)`
  return (
    <FieldRow model={model} path={path} hint={hint}>
      <MacroInput
        {...aria}
        value={text}
        onChange={set}
        phase={model.macro}
        inputMode="numeric"
        {...(placeholder === undefined ? {} : { placeholder })}
      />
    </FieldRow>
  )
}
