/**
 * Every problem Sluice finds in a project is an {@link Issue}: a stable code, the path of the
 * offending field (a JSON pointer inside the asset, `""` for the asset itself), and a message a
 * person can act on. Validation never throws for bad input; it returns every issue at once.
 */
export interface Issue {
  /** Project-relative file the asset came from, when it came from a file. */
  file?: string
  /** JSON pointer inside the asset document, e.g. `/spec/auth/roleArn`. */
  path: string
  code: IssueCode
  message: string
}

/** The catalogue of issue codes. Codes are stable: tools and tests match on them. */
export const issueCodes = {
  'yaml.syntax': 'The file is not valid YAML.',
  'yaml.not-object': 'The file does not hold a mapping at the top level.',
  'asset.unknown-kind': 'The `kind` is not one Sluice knows.',
  'asset.invalid-name': 'The name has characters other than letters, digits, `-` and `_`.',
  'asset.duplicate-name': 'Two assets of the same kind share a name.',
  'asset.file-name-mismatch': 'The file name does not match the asset name.',
  'schema.required': 'A required field is missing.',
  'schema.unknown-field': 'A field is not part of this asset type.',
  'schema.type': 'A field has the wrong type.',
  'schema.enum': 'A field has a value outside its allowed set.',
  'schema.range': 'A number or length is outside its allowed range.',
  'schema.pattern': 'A string does not have the required form.',
  'schema.invalid': 'A value does not match its schema.',
  'rule.violation': 'A rule that spans several fields is broken.',
  'ref.missing': 'A referenced asset does not exist.',
  'ref.wrong-kind': 'A referenced asset exists but is of a kind this field does not accept.',
  'graph.no-source': 'A workflow has no source node.',
  'graph.unreachable-sink': 'A sink cannot be reached from any source.',
  'graph.dangling-link': 'A link names a node or port that does not exist.',
  'graph.cycle': 'A workflow contains a cycle.',
  'graph.duplicate-node': 'Two nodes of a workflow share an id.',
  'graph.unconnected-port': 'A node has an output port with no link.',
  'graph.unreachable-node': 'A processor cannot be reached from any source.',
  'expression.syntax': 'A JSONata expression does not parse.',
  'secret.plaintext': 'A secret field holds a value instead of a `${sec:...}` reference.',
  'macro.syntax': 'A `${...}` expression is malformed.',
  'macro.unknown-prefix': 'A macro uses a prefix Sluice does not know.',
  'macro.phase': 'A macro is used in a field that cannot resolve it at that time.',
  'macro.not-allowed': 'The field does not accept macros.',
  'macro.missing': 'A macro names an environment key, secret or variable that does not exist.',
  'macro.env-denied': 'An `env:` macro names a variable the engine node does not allow.',
} as const

export type IssueCode = keyof typeof issueCodes

/** Builds an issue; `path` segments are joined into a JSON pointer. */
export function issue(code: IssueCode, path: string | readonly (string | number)[], message: string): Issue {
  return { path: typeof path === 'string' ? path : toPointer(path), code, message }
}

/** Joins path segments into a JSON pointer, escaping `~` and `/`. */
export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${String(s).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')
}

/** Splits a JSON pointer into its segments. */
export function fromPointer(pointer: string): string[] {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
}

/** Formats an issue the way the CLI prints it: `file: path: code: message`. */
export function formatIssue(i: Issue): string {
  return `${i.file ?? '-'}: ${i.path || '/'}: ${i.code}: ${i.message}`
}
