import type { AssetTypeDefinition } from '../spec/define.ts'
import { fieldRows } from './field-rows.ts'

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ')

/**
 * Renders the reference page of an asset type from its spec: summary, field table (type, required
 * or default, macro phase, hints) and the examples. The docs script writes these to `docs/assets/`
 * and CI fails when they drift from the specs.
 */
export function assetTypeMarkdown(type: AssetTypeDefinition): string {
  const rows = fieldRows(type.spec)
  const table = rows.map((r) => {
    const need = r.required
      ? 'required'
      : r.defaultValue === undefined
        ? 'optional'
        : `default \`${JSON.stringify(r.defaultValue)}\``
    const notes = [r.macros === 'none' ? 'no macros' : `macros: ${r.macros}`, ...r.hints].join('; ')
    return `| \`${r.path}\` | ${cell(r.type)} | ${need} | ${cell(r.description)} | ${notes} |`
  })
  const examples = type.examples.map((e) => `### ${e.title}\n\n\`\`\`yaml\n${e.yaml.trimEnd()}\n\`\`\`\n`)
  return [
    `# ${type.title} (\`${type.kind}\`)`,
    '',
    '<!-- Generated from the spec in packages/assets by `pnpm docs:assets`; do not edit by hand. -->',
    '',
    type.summary,
    '',
    `Category: ${type.category}. Every asset also has \`kind\`, \`name\`, \`description\` and \`requiredRoles\`; the fields below sit under \`spec\`.`,
    'Macro phases: `static` fields take `${lay:…}`, `${sec:…}`, `${env:…}` and `${build:…}`, resolved when the workflow starts; `dynamic` fields also take `${msg:…}` and `${date:…}`, evaluated per message.',
    '',
    '| Field | Type | Required / default | Description | Notes |',
    '| --- | --- | --- | --- | --- |',
    ...table,
    '',
    '## Examples',
    '',
    ...examples,
  ].join('\n')
}
