import type { ReactNode } from 'react'
import { useCompact } from './compact.tsx'
import { fieldId, pointerOf, useForm } from './form-context.tsx'
import type { FieldModel } from './form-model.ts'
import type { Path } from './form-values.ts'

/** A field's label, help text and inline issues around its widget, wired for screen readers. */
export function FieldRow(props: { model: FieldModel; path: Path; children: ReactNode; hint?: ReactNode }) {
  const form = useForm()
  const id = fieldId(form.idPrefix, props.path)
  const issues = form.issues.get(pointerOf(props.path)) ?? []
  const compact = useCompact()
  const { model } = props
  return (
    <div
      className={`field${issues.length > 0 ? ' field-invalid' : ''}${compact ? ' field-compact' : ''}`}
      data-field={pointerOf(props.path)}
    >
      <label htmlFor={id} className={compact ? 'visually-hidden' : 'field-label'}>
        {model.label}
        {model.required && (
          <span className="required" title="required">
            {' '}
            *
          </span>
        )}
      </label>
      <div className="field-control">{props.children}</div>
      {props.hint && <div className="field-hint">{props.hint}</div>}
      {issues.map((i) => (
        <div key={`${i.code}|${i.message}`} id={`${id}-issue`} className="field-issue" role="alert">
          {i.message}
        </div>
      ))}
      {model.description && !compact && (
        <div id={`${id}-help`} className="field-help">
          {model.description}
        </div>
      )}
    </div>
  )
}

/** `aria-*` attributes of a field's input: its help text and whether it has issues. */
export function useFieldAria(path: Path): {
  id: string
  'aria-describedby': string
  'aria-invalid': boolean
} {
  const form = useForm()
  const id = fieldId(form.idPrefix, path)
  const invalid = (form.issues.get(pointerOf(path)) ?? []).length > 0
  return {
    id,
    'aria-describedby': invalid ? `${id}-issue ${id}-help` : `${id}-help`,
    'aria-invalid': invalid,
  }
}
