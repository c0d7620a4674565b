import { Type } from 'typebox'
import { issue } from '../issues.ts'
import { defineAssetType } from '../spec/define.ts'
import { assetRef } from '../spec/fields.ts'
import { NAME_PATTERN } from '../spec/names.ts'
import { ui } from '../spec/ui.ts'

export const deployment = defineAssetType({
  kind: 'deployment',
  category: 'deployment',
  title: 'Deployment',
  summary:
    'What runs where: workflows for a cluster, with the environments and secrets their macros resolve from.',
  spec: Type.Object(
    {
      cluster: Type.String({
        pattern: NAME_PATTERN,
        default: 'default',
        description:
          'The cluster of engine nodes that runs it; its nodes hold the key that decrypts the secrets.',
        ...ui({ macro: 'none' }),
      }),
      workflows: Type.Array(assetRef(['workflow'], 'A workflow to run.'), {
        minItems: 1,
        uniqueItems: true,
        description: 'The workflows to run.',
      }),
      environments: Type.Array(assetRef(['resource.environment'], 'An environment resource.'), {
        default: [],
        uniqueItems: true,
        description: 'Environments for `${lay:...}` macros, in order: a key in a later one wins.',
      }),
      secrets: Type.Array(assetRef(['resource.secret'], 'A secret resource.'), {
        default: [],
        uniqueItems: true,
        description:
          'Secret resources `${sec:...}` macros may read. They travel encrypted to the engine nodes.',
      }),
      tag: Type.String({
        default: '${build:timestamp}',
        minLength: 1,
        description:
          'Label of each deployed version, e.g. `release-${build:version}`; `${build:...}` macros allowed.',
      }),
    },
    { additionalProperties: false },
  ),
  rules: (spec) =>
    spec.tag.includes('${build:tag')
      ? [issue('rule.violation', ['tag'], 'the tag cannot contain itself (${build:tag})')]
      : [],
  examples: [
    {
      title: 'Production: shared settings, then production overrides',
      yaml: `kind: deployment
name: prod
spec:
  cluster: eu-prod
  workflows: [orders-routing]
  environments: [common, prod]
  secrets: [prod-secrets]
  tag: release-\${build:version}
`,
    },
  ],
})
