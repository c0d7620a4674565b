import {
  type AssetDocument,
  AssetList,
  AssetView,
  Listing,
  type ListingQuery,
  MacroNamesView,
  PresignedUpload,
  ProbeReport,
  ProjectValidation,
  ReloadResult,
  RenameResult,
  Usages,
} from '@sluice/assets'
import type { Http } from './http.ts'

const enc = encodeURIComponent
const assetPath = (kind: string, name: string) => `/api/assets/${enc(kind)}/${enc(name)}`

/** A file name the presign route accepts: letters, digits, `.`, `_` and `-`, starting with a letter or digit. */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '')
  return (cleaned || 'upload').slice(0, 200)
}

/** Reading and writing assets, with their versions (ETags) for optimistic concurrency. */
export class AssetsApi {
  readonly #http: Http

  constructor(http: Http) {
    this.#http = http
  }

  async list(kind?: string) {
    const query = kind === undefined ? '' : `?kind=${enc(kind)}`
    return (await this.#http.get(AssetList, `/api/assets${query}`)).body.assets
  }

  async get(kind: string, name: string) {
    return (await this.#http.get(AssetView, assetPath(kind, name))).body
  }

  async create(document: AssetDocument) {
    return (await this.#http.send(AssetView, 'POST', '/api/assets', { json: document })).body
  }

  /** Replaces an asset if it is still at `version`; a 412 says someone else saved first. */
  async update(document: AssetDocument, version: string) {
    const { kind, name, ...body } = document
    const response = await this.#http.send(AssetView, 'PUT', assetPath(kind, name), {
      json: body,
      headers: { 'if-match': `"${version}"` },
    })
    return response.body
  }

  async remove(kind: string, name: string, version: string) {
    await this.#http.request('DELETE', assetPath(kind, name), { headers: { 'if-match': `"${version}"` } })
  }

  async rename(kind: string, name: string, newName: string, version: string) {
    const path = `${assetPath(kind, name)}/rename`
    const response = await this.#http.send(RenameResult, 'POST', path, {
      json: { newName },
      headers: { 'if-match': `"${version}"` },
    })
    return response.body
  }

  async usages(kind: string, name: string) {
    return (await this.#http.get(Usages, `${assetPath(kind, name)}/usages`)).body.usages
  }

  async validation() {
    return (await this.#http.get(ProjectValidation, '/api/validation')).body
  }

  /** Names for `${lay:` and `${sec:` in a deployment, or in environments named directly. */
  async macroNames(context: { deployment?: string; environments?: readonly string[] }) {
    const query = new URLSearchParams()
    if (context.deployment !== undefined) query.set('deployment', context.deployment)
    if (context.environments !== undefined) query.set('environments', context.environments.join(','))
    return (await this.#http.get(MacroNamesView, `/api/macros/completions?${query}`)).body
  }

  /** Tests a saved connection, source or sink; every probe with its IAM action. */
  async test(kind: string, name: string, deployment?: string) {
    const response = await this.#http.send(ProbeReport, 'POST', `${assetPath(kind, name)}/test`, {
      json: deployment === undefined ? {} : { deployment },
      timeoutMs: 90_000,
    })
    return response.body
  }

  /** A live listing through a saved connection: buckets, prefixes of a bucket, queues, topics, streams, buses. */
  async listing(connection: string, kind: string, query: ListingQuery) {
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(query))
      if (value !== undefined && value !== '') params.set(key, String(value))
    const path = `/api/connections/${enc(connection)}/listings/${enc(kind)}?${params}`
    return (await this.#http.get(Listing, path, { timeoutMs: 60_000 })).body
  }

  /** A presigned PUT for uploading a test object under a saved S3 source's bucket and prefix. */
  async presignUpload(source: string, fileName: string, contentType: string) {
    const path = `${assetPath('source.s3', source)}/presign`
    const response = await this.#http.send(PresignedUpload, 'POST', path, {
      json: { fileName: safeFileName(fileName), contentType },
    })
    return response.body
  }

  async reload() {
    return (await this.#http.send(ReloadResult, 'POST', '/api/project/reload')).body
  }
}
