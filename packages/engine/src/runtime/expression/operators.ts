import { FALLBACK, type Fallback, isScalar } from './semantics.ts'

/** JSONata's binary operators on values the fast path reproduces; anything else gives FALLBACK. */

export function equality(l: unknown, r: unknown, negate: boolean): boolean | Fallback {
  if (l === undefined || r === undefined) return false
  if (!isScalar(l) || !isScalar(r)) return FALLBACK
  return (l === r) !== negate
}

function comparable(v: unknown): boolean {
  return v === undefined || typeof v === 'string' || typeof v === 'number'
}

function numeric(v: unknown): boolean {
  return v === undefined || (typeof v === 'number' && Number.isFinite(v))
}

function text(v: unknown): boolean {
  return v === undefined || typeof v === 'string'
}

export function comparison(l: unknown, r: unknown, op: string): boolean | undefined | Fallback {
  if (!comparable(l) || !comparable(r)) return FALLBACK
  if (l === undefined || r === undefined) return undefined
  if (typeof l === 'number' && typeof r === 'number') return compare(l, r, op)
  if (typeof l === 'string' && typeof r === 'string') return compare(l, r, op)
  return FALLBACK
}

function compare<T extends string | number>(l: T, r: T, op: string): boolean {
  if (op === '<') return l < r
  if (op === '<=') return l <= r
  if (op === '>') return l > r
  return l >= r
}

export const ARITHMETIC = {
  '+': (l: number, r: number) => l + r,
  '-': (l: number, r: number) => l - r,
  '*': (l: number, r: number) => l * r,
  '/': (l: number, r: number) => l / r,
  '%': (l: number, r: number) => l % r,
}

export function arithmetic(
  l: unknown,
  r: unknown,
  apply: (l: number, r: number) => number,
): number | undefined | Fallback {
  if (!numeric(l) || !numeric(r)) return FALLBACK
  if (typeof l !== 'number' || typeof r !== 'number') return undefined
  const result = apply(l, r)
  return Number.isFinite(result) ? result : FALLBACK
}

export function concatenation(l: unknown, r: unknown): string | Fallback {
  if (!text(l) || !text(r)) return FALLBACK
  return (typeof l === 'string' ? l : '') + (typeof r === 'string' ? r : '')
}

export function inclusion(l: unknown, r: unknown): boolean {
  if (l === undefined || r === undefined) return false
  return Array.isArray(r) ? r.some((item) => item === l) : r === l
}
