import { type Asset, type IssueView, type Listing, toPointer } from '@sluice/assets'
import { createContext, type ReactNode, useContext } from 'react'
import type { MacroNames } from '../macros/completion.ts'
import type { Path } from './form-values.ts'

/** What every field of one generated form can reach: the value, its issues and the project around it. */
export interface FormState {
  /** The whole spec being edited. */
  root: unknown
  update(path: Path, value: unknown): void
  /** Issues keyed by JSON pointer relative to the spec (`/auth/roleArn`). */
  issues: ReadonlyMap<string, readonly IssueView[]>
  /** Prefix of element ids, so two forms on a page do not clash. */
  idPrefix: string
  readOnly: boolean
  /** Names for macro completion and preview, in the chosen environment. */
  macroNames: MacroNames
  /** The environment the preview resolves `${lay:...}` in, for the label. */
  previewIn: string | undefined
  /** Assets of the project, for reference pickers. */
  assets: readonly Asset[]
  /** Fills a picker from a live listing through a saved connection. */
  listing(connection: string, kind: string, query: { bucket?: string }): Promise<Listing>
  /** Seals a new secret value into a Secret resource; only its `${sec:...}` reference is kept. */
  storeSecret?(resource: string, key: string, value: string): Promise<void>
  /** Opens a referenced asset. */
  openAsset?(kind: string, name: string): void
}

const FormContext = createContext<FormState | undefined>(undefined)

export function FormProvider(props: { state: FormState; children: ReactNode }) {
  return <FormContext.Provider value={props.state}>{props.children}</FormContext.Provider>
}

export function useForm(): FormState {
  const state = useContext(FormContext)
  if (!state) throw new Error('useForm outside FormProvider')
  return state
}

/** The element id of the field at `path`, for labels and for jumping to an issue. */
export function fieldId(prefix: string, path: Path): string {
  return `${prefix}-${path.map(String).join('.') || 'root'}`
}

/** Groups issues by their pointer relative to the spec; issue paths start with `/spec`. */
export function issuesByPointer(issues: readonly IssueView[], base = '/spec'): Map<string, IssueView[]> {
  const map = new Map<string, IssueView[]>()
  for (const i of issues) {
    if (!i.path.startsWith(base)) continue
    const key = i.path.slice(base.length)
    const list = map.get(key)
    if (list) list.push(i)
    else map.set(key, [i])
  }
  return map
}

export function pointerOf(path: Path): string {
  return toPointer(path)
}
