import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type ParsedNode,
  parseDocument,
  visit,
  type YAMLError,
} from 'yaml'
import type { Asset } from '../asset.ts'
import { type Issue, issue } from '../issues.ts'
import type { AssetRegistry } from '../spec/registry.ts'
import { validateAsset } from '../validate/validate-asset.ts'

/** What {@link parseAssetYaml} makes of one project file. */
export interface ParsedAssetYaml {
  /** The asset, with defaults applied; absent when the YAML or the envelope is unusable. */
  asset?: Asset
  /** The parsed YAML document (comments, positions), absent only if parsing itself failed. */
  document?: Document.Parsed
  /** Every problem found, each with `file` when one was given. */
  issues: Issue[]
}

/**
 * Parses the text of one project file and validates the asset it holds. Called by the project
 * loader, the config server and the editor's YAML view, so it is browser-safe. Never throws for bad
 * input: malformed YAML (duplicate keys, multiple documents and unknown aliases included) gives
 * `yaml.syntax` issues that name the line and column, a file that is empty or holds no mapping at
 * the top level gives `yaml.not-object`; neither yields an asset. Anything else goes through
 * `validateAsset`, whose asset is returned even when its spec has issues. YAML warnings (such as an
 * unknown tag) are reported as `yaml.syntax` issues but do not stop validation.
 */
export function parseAssetYaml(registry: AssetRegistry, text: string, file?: string): ParsedAssetYaml {
  const withFile = (issues: Issue[]) => (file === undefined ? issues : issues.map((i) => ({ file, ...i })))
  const lineCounter = new LineCounter()
  let document: Document.Parsed
  try {
    document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  } catch (error) {
    return { issues: withFile([issue('yaml.syntax', '', `the file cannot be parsed: ${describe(error)}`)]) }
  }
  const located = (error: YAMLError) => {
    const { line, col } = lineCounter.linePos(error.pos[0])
    return issue('yaml.syntax', '', `line ${line}, column ${col}: ${explain(document, error)}`)
  }
  const errors = [...document.errors.map(located), ...aliasIssues(document, lineCounter)]
  const warnings = document.warnings.map(located)
  if (errors.length > 0) return { document, issues: withFile([...errors, ...warnings]) }
  const contents = document.contents
  if (!isMap(contents)) return { document, issues: withFile([notObject(contents), ...warnings]) }
  let value: unknown
  try {
    value = document.toJS()
  } catch (error) {
    return { document, issues: withFile([issue('yaml.syntax', '', describe(error)), ...warnings]) }
  }
  const check = validateAsset(registry, value, file)
  return {
    ...(check.asset ? { asset: check.asset } : {}),
    document,
    issues: [...withFile(warnings), ...check.issues],
  }
}

function explain(document: Document.Parsed, error: YAMLError): string {
  if (error.code !== 'DUPLICATE_KEY') return error.message
  let key: unknown
  visit(document, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.range?.[0] === error.pos[0]) {
        key = pair.key.value
        return visit.BREAK
      }
    },
  })
  return key === undefined ? error.message : `the key "${String(key)}" appears twice in the same mapping`
}

function aliasIssues(document: Document.Parsed, lineCounter: LineCounter): Issue[] {
  const issues: Issue[] = []
  visit(document, {
    Alias(_, alias) {
      if (alias.resolve(document) !== undefined) return
      const at = lineCounter.linePos(alias.range?.[0] ?? 0)
      issues.push(
        issue(
          'yaml.syntax',
          '',
          `line ${at.line}, column ${at.col}: the alias *${alias.source} names no anchor`,
        ),
      )
    },
  })
  return issues
}

function notObject(contents: ParsedNode | null): Issue {
  const expected = 'a project file holds one mapping with kind, name and spec'
  if (contents === null) return issue('yaml.not-object', '', `the file is empty; ${expected}`)
  if (isSeq(contents)) return issue('yaml.not-object', '', `the top level is a list; ${expected}`)
  if (isAlias(contents)) return issue('yaml.not-object', '', `the top level is an alias; ${expected}`)
  const value = isScalar(contents) ? JSON.stringify(contents.value) : 'a value'
  return issue('yaml.not-object', '', `the top level is ${value}, not a mapping; ${expected}`)
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
