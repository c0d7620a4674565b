/** A string holding at least one `${...}` macro. */
export type MacroText = `${string}\${${string}`

/**
 * The shape of a spec as written in a project file: any scalar may instead hold a macro, which is
 * checked after it is substituted. The engine only ever sees the resolved `Static` type.
 */
export type Authored<T> = T extends string
  ? T | MacroText
  : T extends number | boolean
    ? T | MacroText
    : T extends readonly (infer U)[]
      ? Authored<U>[]
      : T extends object
        ? { [K in keyof T]: Authored<T[K]> }
        : T

/** True when `value` is a string with a macro in it, so its checks wait until it is resolved. */
export function isMacroText(value: unknown): value is MacroText {
  return typeof value === 'string' && /(^|[^$])\$\{/.test(value)
}
