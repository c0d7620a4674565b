import { kindAccepted } from '@sluice/assets'
import { FieldRow, useFieldAria } from '../FieldRow.tsx'
import { useForm } from '../form-context.tsx'
import type { FieldModel } from '../form-model.ts'
import type { Path } from '../form-values.ts'

type RefModel = Extract<FieldModel, { type: 'ref' }>

/** A reference to another asset, chosen among the assets of the kinds the field accepts. */
export function RefField(props: { model: RefModel; path: Path; value: unknown }) {
  const form = useForm()
  const aria = useFieldAria(props.path)
  const { model, path, value } = props
  const candidates = form.assets.filter((a) => kindAccepted(model.kinds, a.kind))
  const current = typeof value === 'string' ? value : ''
  const target = candidates.find((a) => a.name === current)
  const missing = current !== '' && !target
  return (
    <FieldRow
      model={model}
      path={path}
      hint={
        target && form.openAsset ? (
          <button
            type="button"
            className="link-button"
            onClick={() => form.openAsset?.(target.kind, target.name)}
          >
            Open {target.name}
          </button>
        ) : undefined
      }
    >
      <select
        {...aria}
        className="input"
        value={current}
        disabled={form.readOnly}
        onChange={(event) =>
          form.update(path, event.target.value === '' && !model.required ? undefined : event.target.value)
        }
      >
        <option value="">
          {candidates.length === 0 ? `No ${model.kinds.join(' or ')} yet` : '— choose —'}
        </option>
        {missing && <option value={current}>{`${current} (missing)`}</option>}
        {candidates.map((a) => (
          <option key={`${a.kind}/${a.name}`} value={a.name}>
            {model.kinds.length > 1 || model.kinds.some((k) => k.endsWith('*'))
              ? `${a.name} (${a.kind})`
              : a.name}
          </option>
        ))}
      </select>
    </FieldRow>
  )
}
