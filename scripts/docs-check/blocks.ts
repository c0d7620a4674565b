/** How the docs check treats a shell block, from the comment on the line before it. */
export type BlockMode =
  | { kind: 'run' }
  | { kind: 'not-run'; reason: string }
  /** Long-running: passes once its output shows `text`, then gets SIGINT. */
  | { kind: 'run-until'; text: string }
  /** Long-running and kept up while the later blocks run, which use what it started. */
  | { kind: 'serve-until'; text: string }

/** One ```sh block of a Markdown file. */
export interface ShellBlock {
  file: string
  /** The line of the opening fence, from 1. */
  line: number
  code: string
  mode: BlockMode
}

/** A block or marker the check refuses, with where it is. */
export interface BlockProblem {
  file: string
  line: number
  message: string
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/
const SHELL_LIKE = new Set(['bash', 'shell', 'console', 'zsh', 'shell-session'])
const MARKER = /^<!--\s*(not-run|run-until|serve-until)\s*:\s*(.*?)\s*-->$/
const ANY_MARKER = /^<!--\s*(not-run|run-until|serve-until|run|docs-check)\b/

/**
 * The ```sh blocks of a Markdown text, each with the mode its marker gives (a marker is an HTML
 * comment on the nearest non-blank line above the fence). Also returns what the check refuses:
 * shell blocks fenced as anything but `sh` (they would escape the check), markers without a
 * reason or text, and markers that precede no `sh` block.
 */
export function shellBlocks(file: string, text: string): { blocks: ShellBlock[]; problems: BlockProblem[] } {
  const lines = text.split('\n')
  const blocks: ShellBlock[] = []
  const problems: BlockProblem[] = []
  let pendingMarker: { line: number; mode: BlockMode } | undefined
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    const trimmed = line.trim()
    const fence = FENCE.exec(line)
    if (fence) {
      const [, , ticks = '```', lang = ''] = fence
      const end = lines.findIndex(
        (l, j) => j > i && l.trim().startsWith(ticks) && l.trim().replace(/[`~]/g, '') === '',
      )
      const close = end === -1 ? lines.length : end
      if (lang === 'sh')
        blocks.push({
          file,
          line: i + 1,
          code: lines.slice(i + 1, close).join('\n'),
          mode: pendingMarker?.mode ?? { kind: 'run' },
        })
      else if (SHELL_LIKE.has(lang))
        problems.push({
          file,
          line: i + 1,
          message: `a \`${lang}\` block: fence shell commands as \`sh\` so the docs check runs them`,
        })
      if (pendingMarker && lang !== 'sh')
        problems.push({
          file,
          line: pendingMarker.line,
          message: 'a docs-check marker must sit just above a ```sh block',
        })
      pendingMarker = undefined
      i = close
      continue
    }
    if (trimmed === '') continue
    const marker = MARKER.exec(trimmed)
    if (marker) {
      const [, kind, value = ''] = marker
      if (value === '')
        problems.push({
          file,
          line: i + 1,
          message: `${kind} needs ${kind === 'not-run' ? 'a reason' : 'the text to wait for'}`,
        })
      pendingMarker = {
        line: i + 1,
        mode:
          kind === 'not-run'
            ? { kind: 'not-run', reason: value }
            : kind === 'run-until'
              ? { kind: 'run-until', text: value }
              : { kind: 'serve-until', text: value },
      }
      continue
    }
    if (ANY_MARKER.test(trimmed))
      problems.push({
        file,
        line: i + 1,
        message:
          'unknown docs-check marker: use <!-- not-run: why -->, <!-- run-until: text --> or <!-- serve-until: text -->',
      })
    if (pendingMarker)
      problems.push({
        file,
        line: pendingMarker.line,
        message: 'a docs-check marker must sit just above a ```sh block',
      })
    pendingMarker = undefined
  }
  if (pendingMarker)
    problems.push({
      file,
      line: pendingMarker.line,
      message: 'a docs-check marker must sit just above a ```sh block',
    })
  return { blocks, problems }
}
