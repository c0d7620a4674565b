import { type AssetRegistry, ErrorBody, NAME_PATTERN } from '@sluice/assets'
import { type TSchema, Type } from 'typebox'
import { VALIDATED_IN_HANDLER } from './validation.ts'

/** Error responses every authenticated route can give. */
export const commonErrors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
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
