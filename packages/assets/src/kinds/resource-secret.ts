import { Type } from 'typebox'
import { defineAssetType } from '../spec/define.ts'
import { mapKeyIssues } from '../spec/fields.ts'
import { ui } from '../spec/ui.ts'

const KEY = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$'

const FINGERPRINT = '^sha256:[A-Za-z0-9_-]+={0,2}$'

const fingerprint = (description: string) =>
  Type.String({ description, pattern: FINGERPRINT, ...ui({ macro: 'none', placeholder: 'sha256:…' }) })

/** Named secret values, each encrypted to a cluster's public key; plaintext is never stored. */
export const resourceSecret = defineAssetType({
  kind: 'resource.secret',
  category: 'resource',
  title: 'Secret',
  summary:
    'Secret values for `${sec:name/key}` macros, encrypted to the public key of the cluster that runs them; only its engine nodes can decrypt.',
  spec: Type.Object(
    {
      keyFingerprint: fingerprint(
        'Fingerprint of the public key the values are encrypted to, `sha256:` then hex or base64url; it names the cluster key (or the config server key for tests).',
      ),
      values: Type.Record(
        Type.String({ pattern: KEY }),
        Type.Object(
          {
            ciphertext: Type.String({
              description:
                'The encrypted value, base64url. Write values through the editor, API or CLI, which encrypt them; plaintext never belongs here.',
              pattern: '^[A-Za-z0-9_=-]+(\\.[A-Za-z0-9_=-]*)*$',
              ...ui({ macro: 'none', widget: 'password' }),
            }),
            fingerprint: Type.Optional(
              fingerprint(
                'Fingerprint of the key this value is encrypted to, when it differs from keyFingerprint (during a key rotation).',
              ),
            ),
          },
          { additionalProperties: false },
        ),
        {
          description:
            'Encrypted values by key; a key holds letters, digits, `_`, `.` and `-`. Reference one as `${sec:<resource>/<key>}`.',
          default: {},
        },
      ),
    },
    { additionalProperties: false },
  ),
  rules: (spec) =>
    mapKeyIssues(
      spec.values,
      'values',
      KEY,
      'start with a letter or digit, then up to 127 letters, digits, `_`, `.` or `-`',
    ),
  examples: [
    {
      title: 'Production secrets, one value still on the previous key',
      yaml: `kind: resource.secret
name: prod-secrets
description: Encrypted to the eu-prod cluster key. Values are written through the editor or the API, never by hand.
spec:
  keyFingerprint: sha256:9f2c4e7a1b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8
  values:
    external-id:
      ciphertext: AQHk2v9xQm7sLr0bT3nYc4Wd8eZf1gHa.pV6uJ5iK2oN8qR0s.t7Uv3Wx9Yz1Ab4Cd6Ef8Gh0Ij2Kl
    db-password:
      ciphertext: AQE7mN2pQ4rS6tU8vW0xY2zA4bC6dE8f.gH0iJ2kL4mN6oP8q.rS0tU2vW4xY6zA8bC0dE2fG4hI6
      fingerprint: sha256:OTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTBmZWRjYmE
`,
    },
  ],
})
