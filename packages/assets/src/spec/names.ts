/** Asset names: letters, digits, `-` and `_`, starting with a letter or digit, at most 128 characters. */
export const NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$'
const nameRegex = new RegExp(NAME_PATTERN)

/** True when `name` is a valid asset name (so it is also safe as a file name). */
export function isValidName(name: string): boolean {
  return nameRegex.test(name)
}
