import { isMacroText } from '@sluice/assets'
import { useState } from 'react'
import { FieldRow, useFieldAria } from '../FieldRow.tsx'
import { useForm } from '../form-context.tsx'
import type { FieldModel } from '../form-model.ts'
import type { Path } from '../form-values.ts'
import { MacroInput } from '../MacroInput.tsx'
import { MacroPreview } from '../MacroPreview.tsx'

type ChoiceModel = Extract<FieldModel, { type: 'enum' | 'boolean' }>

function optionsOf(model: ChoiceModel): { label: string; value: string | boolean }[] {
  return model.type === 'boolean'
    ? [
        { label: 'Yes', value: true },
        { label: 'No', value: false },
      ]
    : model.options.map((o) => ({ label: o, value: o }))
}

/**
 * An enum or a yes/no choice. A macro may stand in for the value (`${lay:MODE}`): the "${…}"
 * button switches to a text input, so macros never get lost in a select that cannot show them.
 */
export function ChoiceField(props: { model: ChoiceModel; path: Path; value: unknown }) {
  const form = useForm()
  const aria = useFieldAria(props.path)
  const { model, path, value } = props
  const options = optionsOf(model)
  const [macroMode, setMacroMode] = useState(isMacroText(value))
  const inMacro = macroMode || isMacroText(value)
  const selected = options.findIndex((o) => o.value === value)
  return (
    <FieldRow model={model} path={path} hint={<MacroPreview value={value} />}>
      <div className="choice">
        {inMacro ? (
          <MacroInput
            {...aria}
            value={typeof value === 'string' ? value : ''}
            onChange={(next) => form.update(path, next)}
            phase={model.macro}
            placeholder="${lay:KEY}"
          />
        ) : (
          <select
            {...aria}
            className="input"
            value={selected < 0 ? '' : String(selected)}
            disabled={form.readOnly}
            onChange={(event) => {
              const chosen = event.target.value === '' ? undefined : options[Number(event.target.value)]
              form.update(path, chosen?.value)
            }}
          >
            {(selected < 0 || !model.required) && (
              <option value="">
                {model.defaultValue === undefined ? '—' : `default (${String(model.defaultValue)})`}
              </option>
            )}
            {options.map((o, i) => (
              <option key={o.label} value={String(i)}>
                {o.label}
              </option>
            ))}
          </select>
        )}
        {model.macro !== 'none' && !form.readOnly && (
          <button
            type="button"
            className="macro-toggle"
            aria-pressed={inMacro}
            title={inMacro ? 'Choose a value' : 'Write a macro instead, e.g. ${lay:KEY}'}
            aria-label={inMacro ? `Choose a value for ${model.label}` : `Write a macro for ${model.label}`}
            onClick={() => {
              if (inMacro) form.update(path, model.defaultValue ?? options[0]?.value)
              else form.update(path, '${lay:')
              setMacroMode(!inMacro)
            }}
          >
            {'${…}'}
          </button>
        )}
      </div>
    </FieldRow>
  )
}
