import type { SpecOf, sourceS3 } from '@sluice/assets'

type Spec = SpecOf<typeof sourceS3>

const SPECIAL = /[\\^$.|+()[\]{}*?]/g

function escapeRegExp(text: string): string {
  return text.replace(SPECIAL, '\\$&')
}

/**
 * A glob as an anchored regular expression: `*` and `?` stay within one `/` level, `**` crosses
 * levels (`**\/` also matches no level at all), `[abc]` and `[!abc]` are character classes and
 * `{a,b}` alternatives.
 */
export function globToRegExp(glob: string): RegExp {
  let out = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? ''
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/'
      out += slash ? '(?:.*/)?' : '.*'
      i += slash ? 2 : 1
    } else if (c === '*') out += '[^/]*'
    else if (c === '?') out += '[^/]'
    else if (c === '[' && glob.indexOf(']', i + 2) > i) {
      const end = glob.indexOf(']', i + 2)
      const body = glob.slice(i + 1, end)
      out += body.startsWith('!')
        ? `[^${body.slice(1).replace(/\\/g, '\\\\')}]`
        : `[${body.replace(/\\/g, '\\\\')}]`
      i = end
    } else if (c === '{' && glob.indexOf('}', i) > i) {
      const end = glob.indexOf('}', i)
      out += `(?:${glob
        .slice(i + 1, end)
        .split(',')
        .map((alternative) => globToRegExp(alternative).source.slice(1, -1))
        .join('|')})`
      i = end
    } else out += escapeRegExp(c)
  }
  return new RegExp(`^${out}$`)
}

/**
 * Which keys the source reads: those under `prefix` (directly under it unless
 * `includeSubPrefixes`) whose remainder matches `keyFilter`. Keys ending in `/` are folder
 * markers and never read.
 */
export function keySelector(
  spec: Pick<Spec, 'prefix' | 'includeSubPrefixes' | 'keyFilter'>,
): (key: string) => boolean {
  const filter = spec.keyFilter
  const pattern =
    filter === undefined
      ? undefined
      : filter.type === 'glob'
        ? globToRegExp(filter.pattern)
        : new RegExp(filter.pattern)
  return (key) => {
    if (!key.startsWith(spec.prefix) || key.endsWith('/')) return false
    const rest = key.slice(spec.prefix.length)
    if (rest === '' || (!spec.includeSubPrefixes && rest.includes('/'))) return false
    return pattern === undefined || pattern.test(rest)
  }
}
