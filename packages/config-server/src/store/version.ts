import { createHash } from 'node:crypto'

/**
 * The version of a project file: a hash of its exact text. A change made by the API, by an editor
 * on disk or by `git pull` gives a new version, so a stale `If-Match` is always noticed.
 */
export function versionOf(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22)
}

/** The ETag header value of a version (a strong, quoted ETag). */
export function etagOf(version: string): string {
  return `"${version}"`
}

/**
 * The versions an `If-Match` header names: quoted or bare, weak prefixes dropped, several
 * separated by commas. `*` matches any existing version.
 */
export function parseIfMatch(header: string): string[] {
  return header
    .split(',')
    .map((part) =>
      part
        .trim()
        .replace(/^W\//, '')
        .replace(/^"(.*)"$/, '$1'),
    )
    .filter((part) => part !== '')
}

/** True when an `If-Match` header allows writing over `version`. */
export function ifMatchAllows(header: string, version: string): boolean {
  return parseIfMatch(header).some((tag) => tag === '*' || tag === version)
}
