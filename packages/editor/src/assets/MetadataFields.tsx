import { isValidName } from '@sluice/assets'
import { useState } from 'react'

export interface Metadata {
  name: string
  description: string
  requiredRoles: string[]
}

/** Name (for a new asset), description and the engine node roles the asset needs. */
export function MetadataFields(props: {
  value: Metadata
  onChange(value: Metadata): void
  isNew: boolean
  readOnly: boolean
}) {
  const { value, onChange } = props
  const [roles, setRoles] = useState(value.requiredRoles.join(', '))
  const badName = props.isNew && value.name !== '' && !isValidName(value.name)
  return (
    <div className="metadata">
      {props.isNew && (
        <div className={badName ? 'field field-invalid' : 'field'}>
          <label htmlFor="asset-name" className="field-label">
            Name <span className="required">*</span>
          </label>
          <input
            id="asset-name"
            className="input"
            value={value.name}
            autoComplete="off"
            aria-invalid={badName}
            onChange={(e) => onChange({ ...value, name: e.target.value })}
          />
          {badName && (
            <div className="field-issue" role="alert">
              Letters, digits, - and _ only, starting with a letter or digit.
            </div>
          )}
        </div>
      )}
      <div className="field">
        <label htmlFor="asset-description" className="field-label">
          Description
        </label>
        <textarea
          id="asset-description"
          className="input"
          rows={2}
          value={value.description}
          readOnly={props.readOnly}
          onChange={(e) => onChange({ ...value, description: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="asset-roles" className="field-label">
          Required roles
        </label>
        <input
          id="asset-roles"
          className="input"
          value={roles}
          readOnly={props.readOnly}
          placeholder="none: any engine node"
          aria-describedby="asset-roles-help"
          onChange={(e) => {
            setRoles(e.target.value)
            const list = e.target.value
              .split(/[,\s]+/)
              .map((r) => r.trim())
              .filter((r) => r !== '')
            onChange({ ...value, requiredRoles: [...new Set(list)] })
          }}
        />
        <div id="asset-roles-help" className="field-help">
          Engine node roles this asset needs, comma-separated; workflows using it run only on nodes that have
          them all.
        </div>
      </div>
    </div>
  )
}
