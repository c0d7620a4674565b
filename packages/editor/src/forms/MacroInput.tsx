import type { MacroPhase } from '@sluice/assets'
import { type KeyboardEvent, useId, useLayoutEffect, useRef, useState } from 'react'
import { applyCompletion, type CompletionResult, completionsAt } from '../macros/completion.ts'
import { useForm } from './form-context.tsx'

type TextElement = HTMLInputElement | HTMLTextAreaElement

export interface MacroInputProps {
  value: string
  onChange(value: string): void
  phase: MacroPhase
  multiline?: boolean
  monospace?: boolean
  placeholder?: string
  inputMode?: 'text' | 'numeric'
  id: string
  'aria-describedby'?: string
  'aria-invalid'?: boolean
  'aria-label'?: string
}

/**
 * A text input that completes `${...}` macros: after `${` it offers the prefixes the field allows,
 * after `${lay:` the environment keys with their values, after `${sec:` the secret names (never
 * values). Arrow keys choose, Enter or Tab accept, Escape closes.
 */
export function MacroInput(props: MacroInputProps) {
  const form = useForm()
  const listId = useId()
  const ref = useRef<TextElement>(null)
  const [result, setResult] = useState<CompletionResult>()
  const [active, setActive] = useState(0)
  const caretAfter = useRef<number | undefined>(undefined)

  useLayoutEffect(() => {
    const at = caretAfter.current
    if (at !== undefined && ref.current) {
      ref.current.setSelectionRange(at, at)
      caretAfter.current = undefined
    }
  })

  const refresh = (element: TextElement) => {
    const caret = element.selectionStart ?? element.value.length
    const next = completionsAt(element.value, caret, props.phase, form.macroNames)
    setResult(next && next.items.length > 0 ? next : undefined)
    setActive(0)
  }

  const accept = (index: number) => {
    const item = result?.items[index]
    if (!result || !item) return
    const next = applyCompletion(props.value, result, item)
    caretAfter.current = next.caret
    props.onChange(next.text)
    setResult(undefined)
  }

  const onKeyDown = (event: KeyboardEvent<TextElement>) => {
    if (!result) return
    const count = result.items.length
    if (event.key === 'ArrowDown') setActive((a) => (a + 1) % count)
    else if (event.key === 'ArrowUp') setActive((a) => (a - 1 + count) % count)
    else if (event.key === 'Enter' || event.key === 'Tab') accept(active)
    else if (event.key === 'Escape') setResult(undefined)
    else return
    event.preventDefault()
    event.stopPropagation()
  }

  const open = result !== undefined
  const shared = {
    id: props.id,
    value: props.value,
    placeholder: props.placeholder,
    readOnly: form.readOnly,
    spellCheck: false,
    autoComplete: 'off',
    className: props.monospace ? 'input mono' : 'input',
    role: 'combobox',
    'aria-autocomplete': 'list' as const,
    'aria-expanded': open,
    'aria-controls': listId,
    'aria-activedescendant': open ? `${listId}-${active}` : undefined,
    'aria-describedby': props['aria-describedby'],
    'aria-invalid': props['aria-invalid'],
    'aria-label': props['aria-label'],
    onKeyDown,
    onBlur: () => setResult(undefined),
    onClick: (event: { currentTarget: TextElement }) => refresh(event.currentTarget),
  }
  return (
    <div className="macro-input">
      {props.multiline ? (
        <textarea
          {...shared}
          ref={(el) => {
            ref.current = el
          }}
          rows={4}
          onChange={(event) => {
            props.onChange(event.target.value)
            refresh(event.target)
          }}
        />
      ) : (
        <input
          {...shared}
          ref={(el) => {
            ref.current = el
          }}
          type="text"
          inputMode={props.inputMode}
          onChange={(event) => {
            props.onChange(event.target.value)
            refresh(event.target)
          }}
        />
      )}
      {open && (
        <div id={listId} role="listbox" className="completions" aria-label="Macro completions">
          {result.items.map((item, i) => (
            <div
              key={item.label}
              id={`${listId}-${i}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              className={i === active ? 'completion active' : 'completion'}
              onMouseDown={(event) => {
                event.preventDefault()
                accept(i)
              }}
            >
              <span className="completion-label">{item.label}</span>
              {item.detail && <span className="completion-detail">{item.detail}</span>}
            </div>
          ))}
        </div>
      )}
    </div>
  )
}
