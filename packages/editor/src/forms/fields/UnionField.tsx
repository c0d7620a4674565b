import { ObjectFields } from '../FieldEditor.tsx'
import { FieldRow, useFieldAria } from '../FieldRow.tsx'
import { useForm } from '../form-context.tsx'
import type { FieldModel } from '../form-model.ts'
import { branchValue, type Path, selectedBranch } from '../form-values.ts'
import { labelOf } from '../labels.ts'

type UnionModel = Extract<FieldModel, { type: 'union' }>

/** A choice between shapes (auth mode, format, schedule): a select of branches, then the branch's fields. */
export function UnionField(props: { model: UnionModel; path: Path; value: unknown }) {
  const form = useForm()
  const { model, path, value } = props
  const discriminatorPath = [...path, model.discriminator]
  const aria = useFieldAria(discriminatorPath)
  const branch = selectedBranch(model, value)
  const { description, ...withoutHelp } = model
  return (
    <fieldset className="group union">
      <legend>{model.label}</legend>
      <FieldRow
        model={{ ...withoutHelp, label: `${model.label}: ${labelOf(model.discriminator).toLowerCase()}` }}
        path={discriminatorPath}
      >
        <select
          {...aria}
          className="input"
          value={branch?.value ?? ''}
          disabled={form.readOnly}
          onChange={(event) => {
            const next = model.branches.find((b) => b.value === event.target.value)
            form.update(path, next ? branchValue(model.discriminator, next, value) : undefined)
          }}
        >
          {!branch && <option value="">{model.required ? '— choose —' : 'none'}</option>}
          {model.branches.map((b) => (
            <option key={b.value} value={b.value}>
              {b.title}
            </option>
          ))}
        </select>
      </FieldRow>
      {description && <p className="field-help">{description}</p>}
      {branch && <ObjectFields fields={branch.fields} path={path} skip={model.discriminator} />}
    </fieldset>
  )
}
