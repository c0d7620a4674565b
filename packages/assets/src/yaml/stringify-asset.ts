import { Document } from 'yaml'
import type { Asset } from '../asset.ts'
import type { AssetRegistry } from '../spec/registry.ts'
import { assetFileValue } from './asset-value.ts'
import { createStyledNode, defaultStyle, toStringOptions } from './yaml-style.ts'

/**
 * Writes `asset` as the text of a new project file. Called when an asset is created or exported,
 * and as the fallback of `updateAssetYaml`; browser-safe. The key order is stable (envelope, then
 * the schema's order, unknown keys last) and defaults are left out, so writing the same asset twice
 * gives the same text and parsing the text gives the asset back. Mappings are written as blocks,
 * lists of one-line scalars in flow style. Strings are quoted only where YAML
 * needs it (a `${lay:X}` macro stays plain). Never throws for a JSON-like asset; an unknown kind is
 * written with its spec as given.
 */
export function assetToYaml(registry: AssetRegistry, asset: Asset): string {
  const document = new Document()
  document.contents = createStyledNode(document, assetFileValue(registry, asset))
  return document.toString(toStringOptions(defaultStyle))
}
