import { moveItem } from '../../ui/move.ts'
import { RowButtons } from '../../ui/RowButtons.tsx'
import { FieldEditor, ObjectFields } from '../FieldEditor.tsx'
import { useFieldAria } from '../FieldRow.tsx'
import { pointerOf, useForm } from '../form-context.tsx'
import type { FieldModel } from '../form-model.ts'
import { initialValue, type Path } from '../form-values.ts'
import { singularOf } from '../labels.ts'
import { TableRows } from './TableRows.tsx'

type ListModel = Extract<FieldModel, { type: 'list' }>

const SCALAR = new Set(['text', 'number', 'enum', 'boolean', 'ref', 'listing', 'secret'])

/** True when a list of objects fits a table: every column a single-line widget. */
export function isFlat(item: Extract<FieldModel, { type: 'object' }>): boolean {
  return item.fields.every((f) => SCALAR.has(f.type) || f.type === 'constant')
}

/**
 * A list: a set of checkboxes for a list of choices, a table for a list of flat objects
 * (attributes, routes), and one row per entry otherwise. Entries can be added, removed and moved.
 */
export function ListField(props: { model: ListModel; path: Path; value: unknown }) {
  const form = useForm()
  const { model, path } = props
  const items: unknown[] = Array.isArray(props.value) ? props.value : []
  if (model.item.type === 'enum' && model.unique)
    return <ChoiceSet model={model} options={model.item.options} path={path} items={items} />
  const full = model.maxItems !== undefined && items.length >= model.maxItems
  const set = (next: unknown[]) => form.update(path, next)
  const add = () => set([...items, initialValue(model.item)])
  const remove = (i: number) => set(items.filter((_, j) => j !== i))
  const move = (i: number, by: number) => set(moveItem(items, i, by))
  const item = model.item
  return (
    <fieldset className="group list">
      <legend>{model.label}</legend>
      {model.description && <p className="field-help">{model.description}</p>}
      {item.type === 'object' && isFlat(item) ? (
        <TableRows model={item} path={path} count={items.length} onRemove={remove} />
      ) : (
        <ol className="list-rows">
          {items.map((_, i) => (
            <li key={String(i)} className="list-row">
              {item.type === 'object' ? (
                <div className="list-card">
                  <ObjectFields fields={item.fields} path={[...path, i]} />
                </div>
              ) : (
                <FieldEditor model={{ ...item, label: `${model.label} ${i + 1}` }} path={[...path, i]} />
              )}
              {!form.readOnly && (
                <RowButtons
                  label={`${model.label} ${i + 1}`}
                  index={i}
                  count={items.length}
                  onMove={(by) => move(i, by)}
                  onRemove={() => remove(i)}
                />
              )}
            </li>
          ))}
        </ol>
      )}
      {!form.readOnly && (
        <button type="button" className="button" disabled={full} onClick={add}>
          Add {singularOf(model.label)}
        </button>
      )}
    </fieldset>
  )
}

function ChoiceSet(props: { model: ListModel; options: readonly string[]; path: Path; items: unknown[] }) {
  const form = useForm()
  const aria = useFieldAria(props.path)
  const issues = form.issues.get(pointerOf(props.path)) ?? []
  const chosen = new Set(props.items.filter((v): v is string => typeof v === 'string'))
  const toggle = (option: string) => {
    const next = chosen.has(option) ? props.items.filter((v) => v !== option) : [...props.items, option]
    form.update(props.path, next)
  }
  return (
    <fieldset className="group choice-set" id={aria.id} aria-describedby={aria['aria-describedby']}>
      <legend>{props.model.label}</legend>
      {props.options.map((option) => (
        <label key={option} className="check">
          <input
            type="checkbox"
            checked={chosen.has(option)}
            disabled={form.readOnly}
            onChange={() => toggle(option)}
          />
          {option}
        </label>
      ))}
      {issues.map((i) => (
        <div key={i.message} id={`${aria.id}-issue`} className="field-issue" role="alert">
          {i.message}
        </div>
      ))}
      {props.model.description && (
        <p id={`${aria.id}-help`} className="field-help">
          {props.model.description}
        </p>
      )}
    </fieldset>
  )
}
