import { useEffect, useState } from 'react'
import { FieldRow, useFieldAria } from '../FieldRow.tsx'
import { useForm } from '../form-context.tsx'
import type { FieldModel } from '../form-model.ts'
import type { Path } from '../form-values.ts'
import { type Evaluation, evaluateJsonata, jsonataError, showResult } from '../jsonata-check.ts'
import { useSample } from '../sample-context.tsx'

type TextModel = Extract<FieldModel, { type: 'text' }>

/**
 * A JSONata expression, checked as it is typed (the syntax error and its position show at the
 * field) and, with a sample message around, evaluated against it to preview the result.
 */
export function JsonataField(props: { model: TextModel; path: Path; value: unknown }) {
  const form = useForm()
  const aria = useFieldAria(props.path)
  const sample = useSample()
  const text = typeof props.value === 'string' ? props.value : ''
  const syntax = jsonataError(text)
  const [result, setResult] = useState<Evaluation>()
  useEffect(() => {
    if (!sample || syntax !== undefined) {
      setResult(undefined)
      return
    }
    let current = true
    const timer = setTimeout(() => {
      void evaluateJsonata(text, sample.body).then((r) => current && setResult(r))
    }, 150)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [text, sample, syntax])
  const alreadyReported = (form.issues.get(`/${props.path.join('/')}`) ?? []).some(
    (i) => i.code === 'expression.syntax',
  )
  return (
    <FieldRow model={props.model} path={props.path}>
      <textarea
        {...aria}
        className={syntax ? 'input mono invalid' : 'input mono'}
        rows={Math.min(8, Math.max(2, text.split('\n').length))}
        spellCheck={false}
        value={text}
        readOnly={form.readOnly}
        onChange={(event) => form.update(props.path, event.target.value)}
      />
      {syntax && !alreadyReported && (
        <div className="field-issue" role="alert">
          {syntax}
        </div>
      )}
      {sample && result && (
        <div className={result.ok ? 'jsonata-result' : 'jsonata-result error-text'} aria-live="polite">
          <span className="muted">
            {sample.use === 'map' ? 'New body' : 'On the sample'}
            {sample.note ? ` (${sample.note})` : ''}:
          </span>
          <pre>
            {result.ok
              ? sample.use === 'condition'
                ? result.value
                  ? 'true: the message passes'
                  : 'false: the message does not pass'
                : showResult(result.value)
              : result.message}
          </pre>
        </div>
      )}
    </FieldRow>
  )
}
