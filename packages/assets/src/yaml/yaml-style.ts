import {
  type Document,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  type ToStringOptions,
  visit,
} from 'yaml'

/** How a project file lays out its YAML: what `toString` needs to write in the same style. */
export interface YamlStyle {
  /** Spaces per nesting level. */
  indent: number
  /** Whether a list under a key is indented (`key:\n  - a`) or not (`key:\n- a`). */
  indentSeq: boolean
  /** Whether flow collections have inner spaces: `[ a ]` rather than `[a]`. */
  flowCollectionPadding: boolean
  /** Column at which long strings fold; 0 never folds. */
  lineWidth: number
}

/** The style of files Sluice writes from scratch: two spaces, indented lists, nothing folded. */
export const defaultStyle: YamlStyle = {
  indent: 2,
  indentSeq: true,
  flowCollectionPadding: false,
  lineWidth: 0,
}

/**
 * Makes the YAML node of a new value in Sluice's style: block mappings, and lists of one-line
 * scalars in flow style (`requiredRoles: [aws-eu]`); never an alias for a repeated object.
 */
export function createStyledNode(doc: Document, value: unknown): Node {
  const node = doc.createNode(value, { aliasDuplicateObjects: false })
  visit(node, {
    Seq(_, seq) {
      const oneLine = (item: unknown) => isScalar(item) && !String(item.value).includes('\n')
      if (seq.items.length > 0 && seq.items.every(oneLine)) seq.flow = true
    },
  })
  return node
}

/** The `toString` options that write `style`; never aliases repeated objects. */
export function toStringOptions(style: YamlStyle): ToStringOptions {
  return {
    indent: style.indent,
    indentSeq: style.indentSeq,
    flowCollectionPadding: style.flowCollectionPadding,
    lineWidth: style.lineWidth,
  }
}

/**
 * The style of an existing file, read from its first nested mapping, list and flow collection.
 * Long lines are kept: the fold column is at least the longest line of `text`. Called before an
 * existing file is re-rendered; falls back to {@link defaultStyle} for what the file does not show.
 */
export function detectStyle(text: string, doc: Document): YamlStyle {
  const style = { ...defaultStyle }
  let indentFound = false
  let seqFound = false
  let flowFound = false
  visit(doc, {
    Pair(_, pair) {
      if (!isPair(pair) || !isRange(pair.key)) return
      const keyColumn = columnOf(text, pair.key.range[0])
      const value = pair.value
      const firstKey = isMap(value) && !value.flow ? value.items[0]?.key : undefined
      if (!indentFound && isRange(firstKey)) {
        const step = columnOf(text, firstKey.range[0]) - keyColumn
        if (step > 0) {
          style.indent = step
          indentFound = true
        }
      }
      if (!seqFound && isSeq(value) && !value.flow && isRange(value)) {
        style.indentSeq = columnOf(text, value.range[0]) > keyColumn
        seqFound = true
      }
    },
    Node(_, node) {
      if (flowFound || !isCollection(node) || !node.flow || node.items.length === 0 || !isRange(node)) return
      style.flowCollectionPadding = text[node.range[0] + 1] === ' '
      flowFound = true
    },
  })
  const longest = Math.max(0, ...text.split('\n').map((line) => line.length))
  style.lineWidth = Math.max(80, longest)
  return style
}

/** The column of `offset` in `text`, counted from 0. */
export function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1)
}

function isRange(node: unknown): node is { range: [number, number, number] } {
  if (typeof node !== 'object' || node === null || !('range' in node)) return false
  const range = node.range
  return Array.isArray(range) && range.length === 3
}
