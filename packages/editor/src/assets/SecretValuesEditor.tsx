import type { KeyView } from '@sluice/assets'
import { useState } from 'react'
import { useApi } from '../app/session.tsx'
import { isObject } from '../forms/schema-read.ts'
import { useResource } from '../hooks/use-resource.ts'
import { SecretValueInput } from '../ui/SecretValueInput.tsx'

type Entry = { state: 'stored'; fingerprint?: string } | { state: 'new' } | { state: 'removed' }

function entriesOf(spec: unknown): Map<string, Entry> {
  const values = isObject(spec) && isObject(spec.values) ? spec.values : {}
  const main = isObject(spec) ? spec.keyFingerprint : undefined
  const entries = new Map<string, Entry>()
  for (const [key, v] of Object.entries(values)) {
    if (v === null) entries.set(key, { state: 'removed' })
    else if (isObject(v) && typeof v.value === 'string') entries.set(key, { state: 'new' })
    else if (isObject(v) && typeof v.fingerprint === 'string' && v.fingerprint !== main)
      entries.set(key, { state: 'stored', fingerprint: v.fingerprint })
    else entries.set(key, { state: 'stored' })
  }
  return entries
}

function keyLabel(key: KeyView): string {
  const owner =
    key.owner === 'server' ? `config server${key.active ? ' (active)' : ''}` : `cluster ${key.cluster ?? ''}`
  return `${owner} — ${key.fingerprint.slice(0, 22)}…`
}

/**
 * The values of a Secret resource, write-only: each shows "has value" and can be replaced or
 * removed; new values are typed into password inputs and sealed by the server on save. Values are
 * never read back. The key the resource is sealed to is chosen from the server and cluster keys.
 */
export function SecretValuesEditor(props: {
  spec: unknown
  onChange(spec: unknown): void
  isNew: boolean
  readOnly: boolean
}) {
  const api = useApi()
  const keys = useResource('keys', () => api.admin.keys())
  const [newKey, setNewKey] = useState('')
  const [newValue, setNewValue] = useState('')
  const [replacing, setReplacing] = useState<string>()
  const [replacement, setReplacement] = useState('')
  const spec = isObject(props.spec) ? props.spec : {}
  const values = isObject(spec.values) ? spec.values : {}
  const fingerprint = typeof spec.keyFingerprint === 'string' ? spec.keyFingerprint : ''
  const entries = entriesOf(props.spec)
  const setValue = (key: string, value: unknown) =>
    props.onChange({ ...spec, values: { ...values, [key]: value } })
  const keyName = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/
  return (
    <div className="secret-editor">
      <div className="field">
        <label htmlFor="secret-key" className="field-label">
          Sealed to key
        </label>
        <select
          id="secret-key"
          className="input"
          value={fingerprint}
          disabled={props.readOnly || !props.isNew}
          onChange={(e) => props.onChange({ ...spec, keyFingerprint: e.target.value || undefined })}
        >
          {props.isNew && <option value="">the config server's active key</option>}
          {fingerprint !== '' && !keys.data?.some((k) => k.fingerprint === fingerprint) && (
            <option value={fingerprint}>{fingerprint}</option>
          )}
          {keys.data?.map((k) => (
            <option key={k.fingerprint} value={k.fingerprint}>
              {keyLabel(k)}
            </option>
          ))}
        </select>
        <div className="field-help">
          Values are encrypted to this public key. Only holders of its private key (the cluster's engine
          nodes, or the config server for its own key) can open them.
        </div>
      </div>
      <table className="secret-values">
        <caption>Values</caption>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Value</th>
            {!props.readOnly && <th aria-label="Actions" />}
          </tr>
        </thead>
        <tbody>
          {[...entries].map(([key, entry]) => (
            <tr key={key} className={entry.state === 'removed' ? 'removed' : undefined}>
              <td>
                <code>{key}</code>
              </td>
              <td>
                {replacing === key ? (
                  <input
                    className="input"
                    type="password"
                    autoComplete="new-password"
                    aria-label={`New value of ${key}`}
                    value={replacement}
                    onChange={(e) => setReplacement(e.target.value)}
                  />
                ) : entry.state === 'stored' ? (
                  <span className="chip chip-ok">
                    has value{entry.fingerprint ? ` (sealed to ${entry.fingerprint.slice(0, 16)}…)` : ''}
                  </span>
                ) : entry.state === 'new' ? (
                  <span className="chip">new value, sealed on save</span>
                ) : (
                  <span className="chip chip-error">removed on save</span>
                )}
              </td>
              {!props.readOnly && (
                <td className="row">
                  {replacing === key ? (
                    <>
                      <button
                        type="button"
                        className="button small"
                        disabled={replacement === ''}
                        onClick={() => {
                          setValue(key, { value: replacement })
                          setReplacement('')
                          setReplacing(undefined)
                        }}
                      >
                        Use
                      </button>
                      <button type="button" className="button small" onClick={() => setReplacing(undefined)}>
                        Cancel
                      </button>
                    </>
                  ) : (
                    <>
                      <button type="button" className="button small" onClick={() => setReplacing(key)}>
                        Replace
                      </button>
                      {entry.state === 'removed' ? (
                        <button
                          type="button"
                          className="button small"
                          onClick={() => setValue(key, { hasValue: true })}
                        >
                          Keep
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="button small danger"
                          onClick={() => setValue(key, null)}
                        >
                          Clear
                        </button>
                      )}
                    </>
                  )}
                </td>
              )}
            </tr>
          ))}
          {entries.size === 0 && (
            <tr>
              <td colSpan={3} className="muted">
                No values yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {!props.readOnly && (
        <fieldset className="secret-new">
          <legend>Add a value</legend>
          <label>
            Key
            <input
              className="input"
              value={newKey}
              onChange={(e) => setNewKey(e.target.value)}
              aria-invalid={newKey !== '' && !keyName.test(newKey)}
            />
          </label>
          <SecretValueInput value={newValue} onChange={setNewValue} />
          <button
            type="button"
            className="button"
            disabled={!keyName.test(newKey) || newValue === '' || entries.has(newKey)}
            onClick={() => {
              setValue(newKey, { value: newValue })
              setNewKey('')
              setNewValue('')
            }}
          >
            Add
          </button>
        </fieldset>
      )}
    </div>
  )
}
