import type { IssueView } from '@sluice/assets'
import { useMemo } from 'react'
import { ObjectFields } from './FieldEditor.tsx'
import { focusField } from './focus-field.ts'
import { FormProvider, type FormState, issuesByPointer } from './form-context.tsx'
import type { ObjectFieldModel } from './form-model.ts'
import { type Path, setAt } from './form-values.ts'

export type SchemaFormProps = Omit<FormState, 'root' | 'update' | 'issues'> & {
  model: ObjectFieldModel
  spec: unknown
  onChange(spec: unknown): void
  /** Issues of the asset, paths from the document root (`/spec/...`); others are ignored here. */
  issues: readonly IssueView[]
}

/**
 * A form generated from an asset kind's JSON Schema and its `x-ui` hints, one widget per field,
 * with each issue shown at its field and listed above the form with a link that jumps to it.
 */
export function SchemaForm(props: SchemaFormProps) {
  const { spec, onChange } = props
  const byPointer = useMemo(() => issuesByPointer(props.issues), [props.issues])
  const { model: _model, spec: _spec, onChange: _onChange, issues: _issues, ...shared } = props
  const state: FormState = {
    ...shared,
    root: spec,
    update: (path: Path, value: unknown) => onChange(setAt(spec, path, value)),
    issues: byPointer,
  }
  const specIssues = props.issues.filter((i) => i.path.startsWith('/spec'))
  return (
    <FormProvider state={state}>
      {specIssues.length > 0 && (
        <section className="issue-summary" aria-label="Issues">
          <strong>{specIssues.length === 1 ? '1 issue' : `${specIssues.length} issues`}</strong>
          <ul>
            {specIssues.map((i) => (
              <li key={`${i.path}|${i.code}|${i.message}`}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => focusField(props.idPrefix, i.path.slice('/spec'.length))}
                >
                  {i.path.slice('/spec/'.length) || 'spec'}
                </button>
                : {i.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      <ObjectFields fields={props.model.fields} path={[]} />
    </FormProvider>
  )
}
