import { Type } from 'typebox'
import { defineAssetType } from '../spec/define.ts'
import { assetRef, integer, secretValue } from '../spec/fields.ts'
import { ui } from '../spec/ui.ts'

const ROLE_ARN = '^arn:aws[a-z-]*:iam::\\d{12}:role/.+$'

const mode = <const M extends string>(m: M) => Type.Literal(m, { ...ui({ macro: 'none' }) })
const roleArn = (description: string) =>
  Type.String({
    description,
    pattern: ROLE_ARN,
    ...ui({ placeholder: 'arn:aws:iam::123456789012:role/name' }),
  })
const sessionName = Type.String({
  description: 'Role session name, shown in CloudTrail.',
  pattern: '^([\\w+=,.@-]{2,64})$',
  default: 'sluice',
  ...ui({ advanced: true }),
})

const none = Type.Object({ mode: mode('none') }, { additionalProperties: false, title: 'No credentials' })
const defaultChain = Type.Object(
  {
    mode: mode('defaultChain'),
    profile: Type.Optional(
      Type.String({
        description: 'A named profile of the shared config files (SSO profiles work).',
        minLength: 1,
      }),
    ),
  },
  { additionalProperties: false, title: 'Default provider chain' },
)
const accessKey = Type.Object(
  {
    mode: mode('accessKey'),
    accessKeyId: Type.String({ description: 'Access key id (AKIA… or ASIA…).', minLength: 1 }),
    secretAccessKey: secretValue('Secret access key.'),
    sessionToken: Type.Optional(secretValue('Session token, for temporary keys.')),
  },
  { additionalProperties: false, title: 'Access key' },
)
const webIdentity = Type.Object(
  {
    mode: mode('webIdentity'),
    roleArn: roleArn('The role to assume with the web identity token.'),
    tokenFile: Type.String({ description: 'Path of the OIDC token file on the engine node.', minLength: 1 }),
    sessionName,
    durationSeconds: integer('Lifetime of the session, in seconds.', 900, 43_200, 3600, {
      widget: 'duration',
    }),
  },
  { additionalProperties: false, title: 'Web identity token file' },
)
const rolesAnywhere = Type.Object(
  {
    mode: mode('rolesAnywhere'),
    certificate: Type.String({
      description: 'X.509 end-entity certificate (PEM), or a `${sec:...}` reference to it.',
      minLength: 1,
      ...ui({ widget: 'pem' }),
    }),
    certificateChain: Type.Optional(
      Type.String({
        description: 'Intermediate certificates (PEM).',
        minLength: 1,
        ...ui({ widget: 'pem' }),
      }),
    ),
    privateKey: secretValue('Private key (PEM) of the certificate.'),
    trustAnchorArn: Type.String({
      description: 'Trust anchor ARN.',
      pattern: '^(arn:aws[a-z-]*:rolesanywhere:[a-z0-9-]+:\\d{12}:trust-anchor/.+)$',
    }),
    profileArn: Type.String({
      description: 'Roles Anywhere profile ARN.',
      pattern: '^(arn:aws[a-z-]*:rolesanywhere:[a-z0-9-]+:\\d{12}:profile/.+)$',
    }),
    roleArn: roleArn('The role the session assumes.'),
    region: Type.Optional(
      Type.String({
        description: 'Region of the Roles Anywhere endpoint; defaults to the connection region.',
      }),
    ),
    durationSeconds: integer('Lifetime of the session, in seconds.', 900, 3600, 3600, { widget: 'duration' }),
  },
  { additionalProperties: false, title: 'IAM Roles Anywhere' },
)
const viaConnection = Type.Object(
  {
    mode: mode('connection'),
    connection: assetRef(
      ['connection.aws'],
      'Another AWS connection whose credentials sign the AssumeRole call.',
    ),
  },
  { additionalProperties: false, title: 'Another connection' },
)

const assumeRole = Type.Object(
  {
    mode: mode('assumeRole'),
    roleArn: roleArn('The role to assume.'),
    externalId: Type.Optional(
      Type.String({
        description:
          'External id the role trust policy requires; a `${sec:...}` reference keeps it out of the project.',
        minLength: 2,
      }),
    ),
    sessionName,
    durationSeconds: integer('Lifetime of the session, in seconds.', 900, 43_200, 3600, {
      widget: 'duration',
    }),
    source: Type.Union([defaultChain, accessKey, webIdentity, rolesAnywhere, viaConnection], {
      description:
        'The credentials that call sts:AssumeRole. Point at another connection to chain roles. When keys and a role are both given, the role wins: the keys only sign the AssumeRole call.',
      default: { mode: 'defaultChain' },
    }),
  },
  { additionalProperties: false, title: 'Assume role' },
)

const endpoint = (service: string) =>
  Type.Optional(
    Type.String({
      description: `Endpoint URL for ${service}, overriding the one for all services.`,
      pattern: '^(https?://.+)$',
    }),
  )

export const connectionAws = defineAssetType({
  kind: 'connection.aws',
  category: 'connection',
  title: 'AWS connection',
  summary:
    'Credentials, region and endpoints for AWS or an AWS-compatible service, shared by sources and sinks.',
  spec: Type.Object(
    {
      region: Type.String({
        description:
          'AWS region, free-form so new regions and partitions work (e.g. `eu-central-1`, `cn-north-1`).',
        pattern: '^([a-z]{2}(-[a-z0-9]+)+-\\d+)$',
        ...ui({ placeholder: 'eu-central-1' }),
      }),
      accountId: Type.Optional(
        Type.String({
          description: 'The 12-digit account id. Used to build exact ARNs for IAM policies.',
          pattern: '^(\\d{12})$',
        }),
      ),
      auth: Type.Union([none, defaultChain, accessKey, assumeRole, webIdentity, rolesAnywhere], {
        description: 'How the engine obtains credentials.',
        default: { mode: 'defaultChain' },
      }),
      endpoints: Type.Object(
        {
          all: endpoint('every service'),
          s3: endpoint('S3'),
          sqs: endpoint('SQS'),
          sns: endpoint('SNS'),
          kinesis: endpoint('Kinesis'),
          eventbridge: endpoint('EventBridge'),
          sts: endpoint('STS'),
          rolesanywhere: endpoint('IAM Roles Anywhere'),
        },
        {
          description: 'Endpoint overrides, for AWS-compatible services, VPC endpoints or local emulators.',
          default: {},
          additionalProperties: false,
          ...ui({ advanced: true }),
        },
      ),
      s3ForcePathStyle: Type.Boolean({
        description: 'Address S3 buckets by path (`host/bucket/key`) instead of by virtual host.',
        default: false,
        ...ui({ advanced: true }),
      }),
      timeoutMs: integer('Timeout of one AWS request, in milliseconds.', 100, 300_000, 30_000, {
        advanced: true,
      }),
    },
    { additionalProperties: false },
  ),
  examples: [
    {
      title: 'Assume a role, with the external id kept in a secret',
      yaml: `kind: connection.aws
name: aws-prod
description: Production account
requiredRoles: [aws-eu]
spec:
  region: eu-central-1
  accountId: "123456789012"
  auth:
    mode: assumeRole
    roleArn: \${lay:ROLE_ARN}
    externalId: \${sec:prod-secrets/external-id}
`,
    },
    {
      title: 'Access keys from a secret, against a local emulator',
      yaml: `kind: connection.aws
name: local
spec:
  region: us-east-1
  auth:
    mode: accessKey
    accessKeyId: test
    secretAccessKey: \${sec:local-secrets/secret-access-key}
  endpoints:
    all: http://127.0.0.1:4566
  s3ForcePathStyle: true
`,
    },
    {
      title: 'Role chaining through another connection',
      yaml: `kind: connection.aws
name: aws-audit
spec:
  region: us-east-1
  auth:
    mode: assumeRole
    roleArn: arn:aws:iam::210987654321:role/audit-reader
    source:
      mode: connection
      connection: aws-prod
`,
    },
    {
      title: 'IAM Roles Anywhere from an on-premises host',
      yaml: `kind: connection.aws
name: onprem
spec:
  region: eu-west-1
  auth:
    mode: rolesAnywhere
    certificate: \${sec:onprem-secrets/certificate}
    privateKey: \${sec:onprem-secrets/private-key}
    trustAnchorArn: arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/3f6a
    profileArn: arn:aws:rolesanywhere:eu-west-1:123456789012:profile/8c1d
    roleArn: arn:aws:iam::123456789012:role/onprem-pipeline
    durationSeconds: 900
`,
    },
  ],
})
