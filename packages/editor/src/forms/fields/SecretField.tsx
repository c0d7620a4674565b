import { isMacroText } from '@sluice/assets'
import { useState } from 'react'
import { SecretValueInput } from '../../ui/SecretValueInput.tsx'
import { FieldRow, useFieldAria } from '../FieldRow.tsx'
import { useForm } from '../form-context.tsx'
import type { FieldModel } from '../form-model.ts'
import type { Path } from '../form-values.ts'

type SecretModel = Extract<FieldModel, { type: 'secret' }>

const REFERENCE = /^\$\{sec:([^}]+)\}$/

function kebab(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()
}

/**
 * A write-only field: it holds a `${sec:resource/key}` reference, never a value. The value is typed
 * once into a password input, sealed on the server into a Secret resource, and only "has value"
 * is shown afterwards. Replace writes a new value; Clear removes the reference.
 */
export function SecretField(props: { model: SecretModel; path: Path; value: unknown }) {
  const form = useForm()
  const aria = useFieldAria(props.path)
  const { model, path, value } = props
  const [editing, setEditing] = useState(false)
  const reference = typeof value === 'string' ? REFERENCE.exec(value)?.[1] : undefined
  const known = reference !== undefined && form.macroNames.sec.some((s) => s.name === reference)
  const plaintext = typeof value === 'string' && value !== '' && !isMacroText(value)
  const status =
    value === undefined || value === ''
      ? 'No value'
      : plaintext
        ? 'Holds a plain value: replace it with a secret'
        : reference === undefined
          ? `Reference: ${String(value)}`
          : known
            ? `Has value (${reference})`
            : `Missing: no secret ${reference}`
  return (
    <FieldRow model={model} path={path}>
      <div className="secret-field">
        <div className="choice">
          <span {...aria} className={known ? 'secret-status ok' : 'secret-status'} role="status">
            {status}
          </span>
          {!form.readOnly && form.storeSecret && (
            <button
              type="button"
              className="button"
              onClick={() => setEditing(!editing)}
              aria-expanded={editing}
            >
              {value === undefined || value === '' ? 'Set value…' : 'Replace…'}
            </button>
          )}
          {!form.readOnly && value !== undefined && value !== '' && (
            <button type="button" className="button" onClick={() => form.update(path, undefined)}>
              Clear
            </button>
          )}
        </div>
        {!form.readOnly && form.macroNames.sec.length > 0 && (
          <label className="inline-label">
            or use a stored secret{' '}
            <select
              className="input"
              value={known ? (reference ?? '') : ''}
              onChange={(event) => event.target.value && form.update(path, `\${sec:${event.target.value}}`)}
            >
              <option value="">—</option>
              {form.macroNames.sec.map((s) => (
                <option key={s.name} value={s.name}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {editing && form.storeSecret && (
          <NewSecretValue
            label={model.label}
            defaultKey={kebab(model.key || 'value')}
            resources={[...new Set(form.macroNames.sec.map((s) => s.name.split('/')[0] ?? ''))].filter(
              Boolean,
            )}
            store={form.storeSecret}
            onStored={(ref) => {
              form.update(path, `\${sec:${ref}}`)
              setEditing(false)
            }}
            onCancel={() => setEditing(false)}
          />
        )}
      </div>
    </FieldRow>
  )
}

function NewSecretValue(props: {
  label: string
  defaultKey: string
  resources: string[]
  store(resource: string, key: string, value: string): Promise<void>
  onStored(reference: string): void
  onCancel(): void
}) {
  const [resource, setResource] = useState(props.resources[0] ?? 'secrets')
  const [key, setKey] = useState(props.defaultKey)
  const [value, setValue] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const save = async () => {
    setBusy(true)
    setError(undefined)
    try {
      await props.store(resource, key, value)
      setValue('')
      props.onStored(`${resource}/${key}`)
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure))
    } finally {
      setBusy(false)
    }
  }
  return (
    <fieldset className="secret-new">
      <legend>New value for {props.label}</legend>
      <label>
        Secret resource
        <input
          className="input"
          list="secret-resources"
          value={resource}
          onChange={(e) => setResource(e.target.value)}
        />
        <datalist id="secret-resources">
          {props.resources.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
      </label>
      <label>
        Key
        <input className="input" value={key} onChange={(e) => setKey(e.target.value)} />
      </label>
      <SecretValueInput value={value} onChange={setValue} />
      <p className="field-help">The value is sealed on the server at once and never shown again.</p>
      {error && (
        <div className="field-issue" role="alert">
          {error}
        </div>
      )}
      <div className="row">
        <button
          type="button"
          className="button primary"
          disabled={busy || !value || !key || !resource}
          onClick={() => void save()}
        >
          {busy ? 'Sealing…' : 'Seal and use'}
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </fieldset>
  )
}
