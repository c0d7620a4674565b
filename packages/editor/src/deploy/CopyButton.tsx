import { useState } from 'react'

/** Copies text to the clipboard and says so; when the browser refuses, it says to copy by hand. */
export function CopyButton(props: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'refused'>('idle')
  return (
    <button
      type="button"
      className="button small"
      onClick={() => {
        if (!navigator.clipboard) {
          setState('refused')
          return
        }
        navigator.clipboard.writeText(props.text).then(
          () => setState('copied'),
          () => setState('refused'),
        )
      }}
    >
      {state === 'copied' ? 'Copied' : state === 'refused' ? 'Select and copy by hand' : props.label}
    </button>
  )
}
