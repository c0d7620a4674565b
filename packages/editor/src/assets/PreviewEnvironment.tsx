import type { MacroNamesState } from '../hooks/use-macro-names.ts'

/** Chooses the environment whose values the macro previews show. */
export function PreviewEnvironment(props: { macros: MacroNamesState }) {
  const { macros } = props
  if (macros.environments.length === 0) return null
  return (
    <label className="inline-label preview-env">
      Preview macros in
      <select
        className="input"
        value={macros.environment}
        onChange={(e) => macros.setEnvironment(e.target.value)}
      >
        <option value="">no environment</option>
        {macros.environments.map((e) => (
          <option key={e} value={e}>
            {e}
          </option>
        ))}
      </select>
    </label>
  )
}
