import { readFile, stat } from 'node:fs/promises'
import { dirname, join, normalize } from 'node:path'
import type { BlockProblem } from './blocks.ts'

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes. */
export function slugOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

/** The anchors of a Markdown text's headings (outside code blocks). */
export function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>()
  let fenced = false
  for (const line of text.split('\n')) {
    if (/^\s*(`{3,}|~{3,})/.test(line)) fenced = !fenced
    const heading = fenced ? null : /^#{1,6}\s+(.*)$/.exec(line)
    if (heading?.[1] !== undefined) anchors.add(slugOf(heading[1]))
  }
  return anchors
}

/**
 * Every relative link of a Markdown file that points at nothing: a missing file or folder, or a
 * `#anchor` no heading of the target has. Links to the web are not followed.
 */
export async function brokenLinks(repo: string, file: string): Promise<BlockProblem[]> {
  const text = await readFile(join(repo, file), 'utf8')
  const problems: BlockProblem[] = []
  const lines = text.split('\n')
  let fenced = false
  for (const [index, line] of lines.entries()) {
    if (/^\s*(`{3,}|~{3,})/.test(line)) fenced = !fenced
    if (fenced) continue
    for (const match of line.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1] ?? ''
      if (/^[a-z]+:/i.test(target)) continue
      const [path = '', anchor] = target.split('#')
      const resolved = path === '' ? file : normalize(join(dirname(file), path))
      const info = await stat(join(repo, resolved)).catch(() => undefined)
      const problem = (message: string) => problems.push({ file, line: index + 1, message })
      if (!info) problem(`link to ${target}: ${resolved} does not exist`)
      else if (anchor !== undefined && info.isFile() && resolved.endsWith('.md')) {
        const anchors = anchorsOf(await readFile(join(repo, resolved), 'utf8'))
        if (!anchors.has(anchor)) problem(`link to ${target}: ${resolved} has no heading #${anchor}`)
      }
    }
  }
  return problems
}
