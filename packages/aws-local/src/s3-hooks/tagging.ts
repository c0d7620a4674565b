/** Object tags in the order they were given. */
export type Tags = ReadonlyArray<readonly [string, string]>

/** A tagging request S3 would reject (`InvalidTag` or `MalformedXML`, HTTP 400). */
export class TaggingError extends Error {
  readonly code: string

  constructor(code: string, message: string) {
    super(message)
    this.name = 'TaggingError'
    this.code = code
  }
}

const MAX_TAGS = 10

/** Checks S3's limits: at most 10 tags, keys 1–128 and values 0–256 characters, no duplicate keys. */
export function validateTags(tags: Tags): Tags {
  if (tags.length > MAX_TAGS) throw new TaggingError('BadRequest', 'Object tags cannot be greater than 10')
  const seen = new Set<string>()
  for (const [key, value] of tags) {
    if (key.length < 1 || key.length > 128)
      throw new TaggingError('InvalidTag', 'The TagKey you have provided is invalid')
    if (value.length > 256) throw new TaggingError('InvalidTag', 'The TagValue you have provided is invalid')
    if (seen.has(key)) throw new TaggingError('InvalidTag', 'Cannot provide multiple Tags with the same key')
    seen.add(key)
  }
  return tags
}

/** Parses the `x-amz-tagging` header (URL query encoding, `k1=v1&k2=v2`). */
export function parseTaggingHeader(value: string): Tags {
  return validateTags([...new URLSearchParams(value)])
}

function unescapeXml(text: string): string {
  return text
    .replace(/&#x([0-9a-fA-F]+);/g, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number.parseInt(dec, 10)))
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&')
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

function element(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>|<${name}\\s*/>`).exec(xml)
  return match === null ? undefined : unescapeXml(match[1] ?? '')
}

/** Parses a `<Tagging><TagSet><Tag><Key/><Value/></Tag>…` document. */
export function parseTaggingXml(xml: string): Tags {
  if (!/<Tagging[\s>]/.test(xml) || !/<TagSet\s*\/?>/.test(xml)) {
    throw new TaggingError(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
    )
  }
  const tags: Array<[string, string]> = []
  for (const match of xml.matchAll(/<Tag>([\s\S]*?)<\/Tag>/g)) {
    const key = element(match[1] ?? '', 'Key')
    const value = element(match[1] ?? '', 'Value')
    if (key === undefined || value === undefined) {
      throw new TaggingError(
        'MalformedXML',
        'The XML you provided was not well-formed or did not validate against our published schema',
      )
    }
    tags.push([key, value])
  }
  return validateTags(tags)
}

/** Renders a GetObjectTagging response body. */
export function taggingXml(tags: Tags): string {
  const items = tags
    .map(([k, v]) => `<Tag><Key>${escapeXml(k)}</Key><Value>${escapeXml(v)}</Value></Tag>`)
    .join('')
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet>${items}</TagSet></Tagging>`
}

/** Keys named in a DeleteObjects request body. */
export function deleteObjectsKeys(xml: string): string[] {
  return [...xml.matchAll(/<Object>([\s\S]*?)<\/Object>/g)]
    .map((m) => element(m[1] ?? '', 'Key'))
    .filter((key) => key !== undefined)
}

/** Object tags kept beside fauxqs, plus tags waiting for a multipart upload to complete. */
export interface TagStore {
  get(bucket: string, key: string): Tags
  set(bucket: string, key: string, tags: Tags): void
  delete(bucket: string, key: string): void
  holdForUpload(uploadId: string, tags: Tags): void
  takeForUpload(uploadId: string): Tags
}

/** Creates an in-memory {@link TagStore}. */
export function createTagStore(): TagStore {
  const objects = new Map<string, Tags>()
  const uploads = new Map<string, Tags>()
  const id = (bucket: string, key: string) => `${bucket}\u0000${key}`
  return {
    get: (bucket, key) => objects.get(id(bucket, key)) ?? [],
    set(bucket, key, tags) {
      if (tags.length === 0) objects.delete(id(bucket, key))
      else objects.set(id(bucket, key), tags)
    },
    delete: (bucket, key) => {
      objects.delete(id(bucket, key))
    },
    holdForUpload(uploadId, tags) {
      if (tags.length > 0) uploads.set(uploadId, tags)
    },
    takeForUpload(uploadId) {
      const tags = uploads.get(uploadId) ?? []
      uploads.delete(uploadId)
      return tags
    },
  }
}
