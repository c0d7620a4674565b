import { type Static, Type } from 'typebox'
import type { AssetEnvelope } from '../asset.ts'
import { NAME_PATTERN } from '../spec/names.ts'
import { IssueView } from './errors.ts'

/** What an asset write sends: the envelope and the spec, without the server's bookkeeping. */
export type AssetDocument = Static<typeof AssetEnvelope>

/** What the asset list shows of a connection, source or sink's last test: connected or failing, and when. */
export const TestStatus = Type.Object({
  status: Type.Union([Type.Literal('connected'), Type.Literal('failing'), Type.Literal('untested')]),
  ranAt: Type.Optional(Type.String()),
  /** The first failing probe's message, when failing. */
  message: Type.Optional(Type.String()),
})
export type TestStatus = Static<typeof TestStatus>

/** An asset as the API shows it: secret values masked, with its file, version, issues and last test. */
export const AssetView = Type.Object(
  {
    kind: Type.String(),
    name: Type.String(),
    description: Type.Optional(Type.String()),
    requiredRoles: Type.Array(Type.String()),
    spec: Type.Unknown({
      description: 'The spec with defaults applied; a Secret resource shows `hasValue: true` per value.',
    }),
    file: Type.String({ description: 'Project-relative file.' }),
    version: Type.String({ description: 'The version, also sent as the ETag header.' }),
    /** Problems of this asset on its own and of its references; project-wide checks are at /api/validation. */
    issues: Type.Array(IssueView),
    /** The last connection test, for connections, sources and sinks. */
    test: Type.Optional(TestStatus),
  },
  { title: 'AssetView' },
)
export type AssetView = Static<typeof AssetView>

/** `GET /api/assets`. */
export const AssetList = Type.Object({ assets: Type.Array(AssetView) })
export type AssetList = Static<typeof AssetList>

/** `POST /api/assets/:kind/:name/rename`: the new name. */
export const RenameRequest = Type.Object(
  { newName: Type.String({ pattern: NAME_PATTERN, description: 'Letters, digits, `-` and `_`.' }) },
  { additionalProperties: false },
)
export type RenameRequest = Static<typeof RenameRequest>

/** A renamed asset, and every asset whose references to it were rewritten. */
export const RenameResult = Type.Object({ asset: AssetView, updated: Type.Array(AssetView) })
export type RenameResult = Static<typeof RenameResult>

/** One place an asset is used: the asset that refers to it and the field (a JSON pointer). */
export const Usage = Type.Object({ kind: Type.String(), name: Type.String(), path: Type.String() })
export type Usage = Static<typeof Usage>

/** `GET /api/assets/:kind/:name/usages`. */
export const Usages = Type.Object({ usages: Type.Array(Usage) })
export type Usages = Static<typeof Usages>

/** `GET /api/validation`: the whole project checked, every issue at once. */
export const ProjectValidation = Type.Object({
  assets: Type.Integer(),
  valid: Type.Boolean(),
  issues: Type.Array(IssueView),
})
export type ProjectValidation = Static<typeof ProjectValidation>

/** `POST /api/project/reload`: what changed on disk, as `<type> <kind>/<name>`. */
export const ReloadResult = Type.Object({ changed: Type.Array(Type.String()) })
export type ReloadResult = Static<typeof ReloadResult>

/**
 * The names the editor offers after `${lay:` and `${sec:` in one context: `lay` with each key's
 * value and the environment it comes from, `sec` as `resource/key` names only, never values.
 */
export const MacroNamesView = Type.Object({
  environments: Type.Array(Type.String()),
  secrets: Type.Array(Type.String()),
  lay: Type.Array(Type.Object({ name: Type.String(), value: Type.String(), from: Type.String() })),
  sec: Type.Array(Type.Object({ name: Type.String(), resource: Type.String(), key: Type.String() })),
  build: Type.Array(Type.String()),
  prefixes: Type.Array(Type.String()),
})
export type MacroNamesView = Static<typeof MacroNamesView>

/** The deployment whose macros a test, listing or upload resolves; by default the first that uses the asset. */
const DeploymentChoice = Type.Optional(
  Type.String({
    description: 'Resolve macros from this deployment; by default the first one that uses the asset.',
  }),
)

/** `POST /api/assets/:kind/:name/test`. */
export const TestRequest = Type.Object({ deployment: DeploymentChoice })
export type TestRequest = Static<typeof TestRequest>

/** The query of `GET /api/connections/:name/listings/:listing`: where to list, and how many at most. */
export const ListingQuery = Type.Object({
  bucket: Type.Optional(Type.String({ maxLength: 255 })),
  prefix: Type.Optional(Type.String({ maxLength: 1024 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  deployment: DeploymentChoice,
})
export type ListingQuery = Static<typeof ListingQuery>

/** `POST /api/assets/source.s3/:name/presign`: the file to upload under the source's bucket and prefix. */
export const PresignRequest = Type.Object(
  {
    fileName: Type.String({
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$',
      description: 'A plain file name; it goes under the prefix.',
    }),
    contentType: Type.Optional(
      Type.String({ maxLength: 200, pattern: '^[\\x21-\\x7e]+(/[\\x21-\\x7e]+)?(;.*)?$' }),
    ),
    deployment: DeploymentChoice,
  },
  { additionalProperties: false },
)
export type PresignRequest = Static<typeof PresignRequest>

/** A presigned PUT for a test object: the browser sends the file straight to S3 with these headers. */
export const PresignedUpload = Type.Object({
  url: Type.String(),
  /** Headers the PUT must carry (its Content-Type). */
  headers: Type.Record(Type.String(), Type.String()),
  expiresAt: Type.String(),
  bucket: Type.String(),
  key: Type.String(),
})
export type PresignedUpload = Static<typeof PresignedUpload>
