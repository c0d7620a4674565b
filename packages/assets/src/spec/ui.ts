/**
 * UI and behaviour hints carried inside each JSON Schema node under `x-ui`. The editor builds its
 * forms from them, validation decides where macros may appear from them, and reference tracking
 * finds asset links through them.
 */
export interface FieldUi {
  /** Write-only: the value is a `${sec:...}` reference, never shown back in clear. */
  secret?: boolean
  /**
   * When `${...}` macros may be used in the field:
   * - `static` (default): `lay`, `sec`, `env`, `build`, resolved when the workflow starts;
   * - `dynamic`: static ones plus `msg` and `date`, evaluated per message;
   * - `none`: no macros (discriminators, asset names).
   */
  macro?: MacroPhase
  /** The field names another asset; the value is that asset's name. Lists the kinds it accepts. */
  ref?: readonly string[]
  /** Collapsed in the editor under "Advanced". */
  advanced?: boolean
  /** The editor fills a picker from a live AWS listing of this kind. */
  listing?: ListingKind
  /** A widget other than the one the schema type implies. */
  widget?: Widget
  /** Display label; defaults to the property name in sentence case. */
  label?: string
  /** Placeholder shown in empty inputs. */
  placeholder?: string
}

export type MacroPhase = 'static' | 'dynamic' | 'none'
export type ListingKind = 'buckets' | 'prefixes' | 'queues' | 'topics' | 'streams' | 'eventBuses'
export type Widget = 'duration' | 'keyValue' | 'textarea' | 'jsonata' | 'template' | 'password' | 'pem'

/** Spreads into TypeBox options: `Type.String({ description, ...ui({ listing: 'buckets' }) })`. */
export function ui(hints: FieldUi): { 'x-ui': FieldUi } {
  return { 'x-ui': hints }
}

function isFieldUi(value: unknown): value is FieldUi {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Reads the `x-ui` hints of a schema node; `{}` when it has none. */
export function uiOf(schema: unknown): FieldUi {
  if (typeof schema !== 'object' || schema === null || !('x-ui' in schema)) return {}
  const hints = schema['x-ui']
  return isFieldUi(hints) ? hints : {}
}

/** The macro phase a schema node allows; `static` unless its hints say otherwise. */
export function macroPhaseOf(schema: unknown): MacroPhase {
  return uiOf(schema).macro ?? 'static'
}
