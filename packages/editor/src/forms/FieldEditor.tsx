import { ChoiceField } from './fields/ChoiceField.tsx'
import { JsonataField } from './fields/JsonataField.tsx'
import { KeyValueField } from './fields/KeyValueField.tsx'
import { ListField } from './fields/ListField.tsx'
import { ListingField } from './fields/ListingField.tsx'
import { NumberField } from './fields/NumberField.tsx'
import { RecordField } from './fields/RecordField.tsx'
import { RefField } from './fields/RefField.tsx'
import { SecretField } from './fields/SecretField.tsx'
import { TextField } from './fields/TextField.tsx'
import { UnionField } from './fields/UnionField.tsx'
import { useForm } from './form-context.tsx'
import type { FieldModel } from './form-model.ts'
import { getAt, type Path } from './form-values.ts'

/** The widget of one field, chosen by its model's type. */
export function FieldEditor(props: { model: FieldModel; path: Path }) {
  const form = useForm()
  const { model, path } = props
  const value = getAt(form.root, path)
  switch (model.type) {
    case 'text':
      if (model.widget === 'jsonata') return <JsonataField model={model} path={path} value={value} />
      return <TextField model={model} path={path} value={value} />
    case 'number':
      return <NumberField model={model} path={path} value={value} />
    case 'enum':
    case 'boolean':
      return <ChoiceField model={model} path={path} value={value} />
    case 'ref':
      return <RefField model={model} path={path} value={value} />
    case 'listing':
      return <ListingField model={model} path={path} value={value} />
    case 'secret':
      return <SecretField model={model} path={path} value={value} />
    case 'union':
      return <UnionField model={model} path={path} value={value} />
    case 'list':
      return <ListField model={model} path={path} value={value} />
    case 'keyValue':
      return <KeyValueField model={model} path={path} value={value} />
    case 'record':
      return <RecordField model={model} path={path} value={value} />
    case 'object':
      return (
        <fieldset className="group">
          <legend>{model.label}</legend>
          {model.description && <p className="field-help">{model.description}</p>}
          <ObjectFields fields={model.fields} path={path} />
        </fieldset>
      )
    case 'constant':
      return null
    case 'json':
      return (
        <TextField
          model={{ ...model, type: 'text', widget: 'textarea' }}
          path={path}
          value={JSON.stringify(value)}
        />
      )
  }
}

/** The fields of an object: the common ones first, the advanced ones folded away under "Advanced". */
export function ObjectFields(props: { fields: readonly FieldModel[]; path: Path; skip?: string }) {
  const form = useForm()
  const visible = props.fields.filter((f) => f.key !== props.skip && f.type !== 'constant')
  const basic = visible.filter((f) => !f.advanced)
  const advanced = visible.filter((f) => f.advanced)
  const advancedHasIssues = advanced.some((f) =>
    [...form.issues.keys()].some((k) => k.startsWith(`/${[...props.path, f.key].join('/')}`)),
  )
  return (
    <>
      {basic.map((f) => (
        <FieldEditor key={f.key} model={f} path={[...props.path, f.key]} />
      ))}
      {advanced.length > 0 && (
        <details className="advanced" open={advancedHasIssues || undefined}>
          <summary>Advanced ({advanced.length})</summary>
          {advanced.map((f) => (
            <FieldEditor key={f.key} model={f} path={[...props.path, f.key]} />
          ))}
        </details>
      )}
    </>
  )
}
