import { Type } from 'typebox'
import { defineAssetType } from '../spec/define.ts'
import { mapKeyIssues } from '../spec/fields.ts'
import { ui } from '../spec/ui.ts'

const KEY = '^[A-Za-z_][A-Za-z0-9_.-]*$'

/** Named values for `${lay:KEY}` macros; a deployment merges several, a later one winning. */
export const resourceEnvironment = defineAssetType({
  kind: 'resource.environment',
  category: 'resource',
  title: 'Environment',
  summary:
    'Values for `${lay:KEY}` macros, such as bucket names and endpoints; one per stage (dev, test, prod) with the same keys.',
  spec: Type.Object(
    {
      variables: Type.Record(
        Type.String({ pattern: KEY }),
        Type.String({
          description:
            'The value, used as literal text: macros inside it are not expanded. Secret values belong in a Secret resource.',
          ...ui({ macro: 'none' }),
        }),
        {
          description:
            'Keys and values; a key starts with a letter or `_` and holds letters, digits, `_`, `.` and `-`. Reference one as `${lay:KEY}`.',
          default: {},
          ...ui({ widget: 'keyValue' }),
        },
      ),
    },
    { additionalProperties: false },
  ),
  rules: (spec) =>
    mapKeyIssues(
      spec.variables,
      'variables',
      KEY,
      'start with a letter or `_`, then letters, digits, `_`, `.` or `-`',
    ),
  examples: [
    {
      title: 'Production names and settings',
      yaml: `kind: resource.environment
name: prod
description: Production values; dev and test hold the same keys.
spec:
  variables:
    ROLE_ARN: arn:aws:iam::123456789012:role/sluice-prod
    INBOX_BUCKET: acme-prod-inbox
    ORDERS_QUEUE: https://sqs.eu-central-1.amazonaws.com/123456789012/orders
    BATCH_LINGER_MS: "50"
    feature.audit-enabled: "true"
`,
    },
  ],
})
