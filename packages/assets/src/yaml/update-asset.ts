import { isMap, parseDocument } from 'yaml'
import type { Asset } from '../asset.ts'
import type { AssetRegistry } from '../spec/registry.ts'
import { assetFileValue } from './asset-value.ts'
import { deepEqual } from './deep-equal.ts'
import { reconcileDocument } from './reconcile-document.ts'
import { assetToYaml } from './stringify-asset.ts'
import { patchText } from './text-patch.ts'
import { detectStyle, toStringOptions } from './yaml-style.ts'

/**
 * The new text of a project file after an editor save: `originalText` changed so that it holds
 * `asset`, with defaults left out as `assetToYaml` does. Only the lines of values that changed are
 * rewritten, so comments above, beside and below them, blank lines, quotes, flow or block style and
 * unknown spec keys all survive, a save that changes nothing returns the original text, and new keys
 * go in schema order after their predecessor. When a change cannot be made line by line (a list
 * with comments in it that grows), the document is changed node by node through the `yaml`
 * Document API, which keeps every comment but may normalize spacing. Envelope keys the asset does
 * not carry are dropped. Browser-safe. Never throws: when `originalText` is not one valid YAML
 * mapping, or a result would not read back as the asset, the result is a fresh `assetToYaml`.
 */
export function updateAssetYaml(registry: AssetRegistry, originalText: string, asset: Asset): string {
  const target = assetFileValue(registry, asset)
  const parse = () => parseDocument(originalText, { prettyErrors: false })
  const original = parse()
  if (original.errors.length > 0 || !isMap(original.contents) || !readable(original)) {
    return assetToYaml(registry, asset)
  }
  const style = detectStyle(originalText, original)
  const patched = patchText(originalText, original, target, style)
  if (patched !== undefined && holds(patched, target)) return patched
  const document = parse()
  reconcileDocument(document, target)
  const rendered = document.toString(toStringOptions(style))
  const withEol = originalText.includes('\r\n') ? rendered.replace(/\r?\n/g, '\r\n') : rendered
  return holds(withEol, target) ? withEol : assetToYaml(registry, asset)
}

function holds(text: string, target: unknown): boolean {
  const document = parseDocument(text, { prettyErrors: false })
  if (document.errors.length > 0) return false
  try {
    return deepEqual(document.toJS(), target)
  } catch {
    return false
  }
}

function readable(document: ReturnType<typeof parseDocument>): boolean {
  try {
    document.toJS()
    return true
  } catch {
    return false
  }
}
