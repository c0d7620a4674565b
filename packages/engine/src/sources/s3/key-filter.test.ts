import { describe, expect, it } from 'vitest'
import { globToRegExp, keySelector } from './key-filter.ts'

describe('globToRegExp', () => {
  it('keeps * and ? within one level and lets ** cross levels', () => {
    const glob = globToRegExp('**/*.csv.gz')
    expect(['a.csv.gz', 'x/a.csv.gz', 'x/y/a.csv.gz'].every((k) => glob.test(k))).toBe(true)
    expect(glob.test('a.csv')).toBe(false)
    expect(globToRegExp('*.txt').test('dir/a.txt')).toBe(false)
    expect(globToRegExp('day-?.log').test('day-7.log')).toBe(true)
    expect(globToRegExp('day-?.log').test('day-/.log')).toBe(false)
    expect(globToRegExp('2024/**').test('2024/01/02/x')).toBe(true)
  })

  it('supports classes, negated classes and alternatives, and escapes the rest', () => {
    expect(globToRegExp('part-[0-9].json').test('part-3.json')).toBe(true)
    expect(globToRegExp('part-[!0-9].json').test('part-3.json')).toBe(false)
    expect(globToRegExp('*.{csv,tsv}').test('a.tsv')).toBe(true)
    expect(globToRegExp('*.{csv,tsv}').test('a.json')).toBe(false)
    expect(globToRegExp('a+b(1).txt').test('a+b(1).txt')).toBe(true)
    expect(globToRegExp('a.txt').test('abtxt')).toBe(false)
  })
})

describe('keySelector', () => {
  it('reads keys under the prefix, directly or at any depth, skipping folder markers', () => {
    const deep = keySelector({ prefix: 'in/', includeSubPrefixes: true })
    const flat = keySelector({ prefix: 'in/', includeSubPrefixes: false })
    expect(['in/a', 'in/x/b'].map(deep)).toEqual([true, true])
    expect(['in/a', 'in/x/b'].map(flat)).toEqual([true, false])
    expect(['in/', 'in/x/', 'out/a'].map(deep)).toEqual([false, false, false])
  })

  it('matches the filter against the key after the prefix', () => {
    const glob = keySelector({
      prefix: 'in/',
      includeSubPrefixes: true,
      keyFilter: { type: 'glob', pattern: '*.ndjson' },
    })
    expect(['in/a.ndjson', 'in/x/a.ndjson'].map(glob)).toEqual([true, false])
    const regex = keySelector({
      prefix: '',
      includeSubPrefixes: true,
      keyFilter: { type: 'regex', pattern: '\\.json$' },
    })
    expect(['a.json', 'a.json.bak'].map(regex)).toEqual([true, false])
  })
})
