import type { Asset } from '@sluice/assets'
import { useMemo } from 'react'
import type { IssueView, Listing } from '../api/schemas.ts'
import type { MacroNames } from '../macros/completion.ts'
import { ObjectFields } from './FieldEditor.tsx'
import { focusField } from './focus-field.ts'
import { FormProvider, type FormState, issuesByPointer } from './form-context.tsx'
import type { ObjectFieldModel } from './form-model.ts'
import { type Path, setAt } from './form-values.ts'

export interface SchemaFormProps {
  model: ObjectFieldModel
  spec: unknown
  onChange(spec: unknown): void
  /** Issues of the asset, paths from the document root (`/spec/...`); others are ignored here. */
  issues: readonly IssueView[]
  idPrefix: string
  readOnly: boolean
  macroNames: MacroNames
  previewIn: string | undefined
  assets: readonly Asset[]
  listing(connection: string, kind: string, query: { bucket?: string }): Promise<Listing>
  storeSecret?(resource: string, key: string, value: string): Promise<void>
  openAsset?(kind: string, name: string): void
}

/**
 * A form generated from an asset kind's JSON Schema and its `x-ui` hints, one widget per field,
 * with each issue shown at its field and listed above the form with a link that jumps to it.
 */
export function SchemaForm(props: SchemaFormProps) {
  const { spec, onChange } = props
  const byPointer = useMemo(() => issuesByPointer(props.issues), [props.issues])
  const state: FormState = {
    root: spec,
    update: (path: Path, value: unknown) => onChange(setAt(spec, path, value)),
    issues: byPointer,
    idPrefix: props.idPrefix,
    readOnly: props.readOnly,
    macroNames: props.macroNames,
    previewIn: props.previewIn,
    assets: props.assets,
    listing: props.listing,
    ...(props.storeSecret ? { storeSecret: props.storeSecret } : {}),
    ...(props.openAsset ? { openAsset: props.openAsset } : {}),
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
