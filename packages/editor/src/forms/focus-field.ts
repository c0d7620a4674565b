import { fromPointer } from '@sluice/assets'
import { fieldId } from './form-context.tsx'

/**
 * Moves focus to the field an issue points at (a JSON pointer relative to the spec), opening a
 * folded "Advanced" section on the way. Falls back to the nearest enclosing field that exists.
 */
export function focusField(idPrefix: string, pointer: string): boolean {
  const segments = fromPointer(pointer)
  for (let length = segments.length; length >= 0; length -= 1) {
    const element = document.getElementById(fieldId(idPrefix, segments.slice(0, length)))
    if (!element) continue
    for (let parent = element.parentElement; parent; parent = parent.parentElement)
      if (parent instanceof HTMLDetailsElement) parent.open = true
    element.scrollIntoView({ block: 'center' })
    element.focus()
    return true
  }
  return false
}
