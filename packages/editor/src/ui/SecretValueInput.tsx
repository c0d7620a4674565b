/** A secret value, typed once into a password input; it is sealed by the server and never shown again. */
export function SecretValueInput(props: { value: string; onChange(value: string): void; label?: string }) {
  return (
    <label>
      {props.label ?? 'Value'}
      <input
        className="input"
        type="password"
        autoComplete="new-password"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  )
}
