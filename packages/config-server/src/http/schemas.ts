import { type AssetRegistry, NAME_PATTERN } from '@sluice/assets'
import { type TSchema, Type } from 'typebox'
import { VALIDATED_IN_HANDLER } from './validation.ts'

/** One problem, as in every error body and validation report. */
export const IssueSchema = Type.Object({
  file: Type.Optional(Type.String()),
  path: Type.String({ description: 'JSON pointer of the offending field; empty for the whole document.' }),
  code: Type.String(),
  message: Type.String(),
})

/** The one error body of every route. */
export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String({
        description: 'Stable code, e.g. `version.stale`, `asset.invalid`, `auth.forbidden`.',
      }),
      message: Type.String(),
      issues: Type.Optional(Type.Array(IssueSchema)),
    }),
  },
  { title: 'Error' },
)

/** Error responses every authenticated route can give. */
export const commonErrors = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
}

export const NameSchema = Type.String({ pattern: NAME_PATTERN, description: 'Letters, digits, `-` and `_`.' })

export const AssetParams = Type.Object({
  kind: Type.String({ description: 'Asset kind, e.g. `sink.sqs`.' }),
  name: Type.String({ description: 'Asset name.' }),
})

export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(
    Type.String({
      description:
        'The ETag of the version read; required to change or delete (428 without, 412 when stale).',
    }),
  ),
})

/** What the API answers for an asset: secret values masked, with file, version, issues and last test. */
export const AssetViewSchema = Type.Object(
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
    issues: Type.Array(IssueSchema),
    test: Type.Optional(
      Type.Object({
        status: Type.Union([Type.Literal('connected'), Type.Literal('failing'), Type.Literal('untested')]),
        ranAt: Type.Optional(Type.String()),
        message: Type.Optional(Type.String()),
      }),
    ),
  },
  { title: 'AssetView' },
)

/** How the API takes a Secret resource's values: plaintext in, sealed at once, never returned. */
export const SecretSpecInput = Type.Object(
  {
    keyFingerprint: Type.Optional(
      Type.String({ description: 'The key to seal to; the stored one, else the server key, when left out.' }),
    ),
    values: Type.Optional(
      Type.Record(
        Type.String(),
        Type.Union([
          Type.Object(
            { value: Type.String({ minLength: 1, writeOnly: true }) },
            { title: 'Set (sealed at once)' },
          ),
          Type.Object(
            { ciphertext: Type.String(), fingerprint: Type.Optional(Type.String()) },
            { title: 'Already sealed' },
          ),
          Type.Object({ hasValue: Type.Literal(true) }, { title: 'Keep the stored value' }),
          Type.Null({ title: 'Remove' }),
        ]),
        { description: 'Values by key; keys left out keep their stored value.' },
      ),
    ),
  },
  { title: 'Secret spec (write form)' },
)

/**
 * The body of an asset write, one branch per kind, derived from the asset specs. Any scalar may
 * instead hold a `${...}` macro, so the handler validates it (422 with every issue).
 */
export function assetDocumentSchema(registry: AssetRegistry, withIdentity: boolean): TSchema {
  const branches = registry.types.map((type) =>
    Type.Object(
      {
        ...(withIdentity ? { kind: Type.Literal(type.kind), name: NameSchema } : {}),
        description: Type.Optional(Type.String()),
        requiredRoles: Type.Optional(Type.Array(Type.String())),
        spec: type.kind === 'resource.secret' ? SecretSpecInput : type.spec,
      },
      { title: type.title, additionalProperties: false },
    ),
  )
  return Type.Union(branches, {
    [VALIDATED_IN_HANDLER]: true,
    description:
      'An asset: `kind`, `name`, `description`, `requiredRoles` and the `spec` of its kind. Any field may hold a `${...}` macro where its kind allows.',
  })
}
