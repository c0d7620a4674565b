/**
 * The text a message body is sent as: a string as it is, bytes as UTF-8, any other value as JSON.
 * Throws when the body has no JSON form (undefined, a BigInt, a cycle).
 */
export function bodyText(body: unknown): string {
  if (typeof body === 'string') return body
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString()
  const text = JSON.stringify(body)
  if (text === undefined) throw new Error('the message has no body to send')
  return text
}

/** The bytes a message body is sent as: bytes as they are, otherwise {@link bodyText} in UTF-8. */
export function bodyBytes(body: unknown): Uint8Array {
  if (body instanceof Uint8Array) return body
  return Buffer.from(bodyText(body))
}

/** Bytes of a string in UTF-8. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text)
}
