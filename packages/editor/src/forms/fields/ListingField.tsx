import { isMacroText, type Listing } from '@sluice/assets'
import { useState } from 'react'
import { FieldRow, useFieldAria } from '../FieldRow.tsx'
import { useForm } from '../form-context.tsx'
import type { FieldModel } from '../form-model.ts'
import { getAt, type Path } from '../form-values.ts'
import { MacroInput } from '../MacroInput.tsx'
import { MacroPreview } from '../MacroPreview.tsx'

type ListingModel = Extract<FieldModel, { type: 'listing' }>

const NOUN: Record<string, string> = {
  buckets: 'buckets',
  prefixes: 'prefixes',
  queues: 'queues',
  topics: 'topics',
  streams: 'streams',
  eventBuses: 'event buses',
}

/**
 * A name of an AWS resource, typed (macros allowed) or picked from a live listing through the
 * asset's saved connection, with counts (messages, shards, objects). Prefixes list the chosen bucket.
 */
export function ListingField(props: { model: ListingModel; path: Path; value: unknown }) {
  const form = useForm()
  const aria = useFieldAria(props.path)
  const { model, path, value } = props
  const [listing, setListing] = useState<Listing>()
  const [error, setError] = useState<string>()
  const [loading, setLoading] = useState(false)
  const connection = getAt(form.root, ['connection'])
  const bucket = getAt(form.root, ['bucket'])
  const noun = NOUN[model.listing] ?? model.listing
  const blocked =
    typeof connection !== 'string' || connection === ''
      ? 'Choose a connection first.'
      : model.listing === 'prefixes' && (typeof bucket !== 'string' || bucket === '' || isMacroText(bucket))
        ? 'Choose a bucket first.'
        : undefined

  const browse = async () => {
    if (typeof connection !== 'string') return
    setLoading(true)
    setError(undefined)
    try {
      setListing(await form.listing(connection, model.listing, typeof bucket === 'string' ? { bucket } : {}))
    } catch (failure) {
      setListing(undefined)
      setError(failure instanceof Error ? failure.message : String(failure))
    } finally {
      setLoading(false)
    }
  }

  return (
    <FieldRow model={model} path={path} hint={<MacroPreview value={value} />}>
      <div className="listing">
        <div className="choice">
          <MacroInput
            {...aria}
            value={typeof value === 'string' ? value : ''}
            onChange={(next) => form.update(path, next === '' && !model.required ? undefined : next)}
            phase={model.macro}
            {...(model.placeholder === undefined ? {} : { placeholder: model.placeholder })}
          />
          {!form.readOnly && (
            <button
              type="button"
              className="button"
              disabled={blocked !== undefined || loading}
              title={blocked ?? `List the ${noun} the connection can see`}
              onClick={() => void browse()}
            >
              {loading ? 'Listing…' : `Browse ${noun}`}
            </button>
          )}
        </div>
        {error && (
          <div className="field-issue" role="alert">
            {error}
          </div>
        )}
        {listing && (
          <ul className="listing-items" aria-label={`${noun} through ${String(connection)}`}>
            {listing.items.length === 0 && <li className="muted">No {noun} found.</li>}
            {listing.items.map((item) => (
              <li key={item.value}>
                <button
                  type="button"
                  className={item.value === value ? 'listing-item selected' : 'listing-item'}
                  aria-pressed={item.value === value}
                  onClick={() => {
                    form.update(path, item.value)
                    setListing(undefined)
                  }}
                >
                  <span>{item.label}</span>
                  {item.count !== undefined && (
                    <span className="count">{`${item.count} ${item.countOf ?? ''}`.trim()}</span>
                  )}
                </button>
              </li>
            ))}
            {listing.truncated && <li className="muted">More exist; type to narrow.</li>}
          </ul>
        )}
      </div>
    </FieldRow>
  )
}
