import { isMacroText } from '@sluice/assets'
import { previewMacros } from '../macros/preview.ts'
import { useForm } from './form-context.tsx'

/** Under a field holding macros: what the value becomes in the chosen environment. */
export function MacroPreview(props: { value: unknown }) {
  const form = useForm()
  if (!isMacroText(props.value)) return null
  const preview = previewMacros(props.value, form.macroNames)
  const where = form.previewIn ? ` in ${form.previewIn}` : ''
  switch (preview.kind) {
    case 'plain':
      return null
    case 'error':
      return <span className="preview preview-error">{preview.message}</span>
    case 'partial':
      return (
        <span className="preview preview-warn">
          {`→ ${preview.text}`} <span>{`(not set${where}: ${preview.missing.join(', ')})`}</span>
        </span>
      )
    case 'resolved':
      if (preview.text === props.value)
        return (
          <span className="muted">
            {/\$\{(msg|date):/.test(preview.text)
              ? 'filled in per message on the engine'
              : 'resolved on the engine'}
          </span>
        )
      return (
        <span
          className="preview"
          title={`Value${where}`}
        >{`→ ${preview.text}${where ? ` (${form.previewIn})` : ''}`}</span>
      )
  }
}
