import { randomUUID } from 'node:crypto'
import type { StandInError } from './errors.ts'

/** The STS XML namespace. */
export const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/'

/** A tree of XML elements: strings are text, objects nest; `undefined` members are left out. */
export interface XmlTree {
  readonly [name: string]: string | number | XmlTree | undefined
}

/** Escapes text for XML element content. */
export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')
}

function render(tree: XmlTree): string {
  let out = ''
  for (const [name, value] of Object.entries(tree)) {
    if (value === undefined) continue
    const inner = typeof value === 'object' ? render(value) : escapeXml(String(value))
    out += `<${name}>${inner}</${name}>`
  }
  return out
}

/** A query-protocol success response: `<ActionResponse><ActionResult>…` plus a RequestId. */
export function queryResponse(action: string, result: XmlTree): string {
  return [
    `<${action}Response xmlns="${STS_XMLNS}">`,
    `<${action}Result>${render(result)}</${action}Result>`,
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>`,
    `</${action}Response>`,
  ].join('')
}

/** A query-protocol error response (`<ErrorResponse><Error>…`). */
export function queryErrorResponse(error: StandInError): string {
  return [
    `<ErrorResponse xmlns="${STS_XMLNS}">`,
    render({
      Error: { Type: error.sender ? 'Sender' : 'Receiver', Code: error.code, Message: error.message },
    }),
    `<RequestId>${randomUUID()}</RequestId>`,
    '</ErrorResponse>',
  ].join('')
}
