import {
  type Asset,
  builtinRegistry,
  type IamPolicy,
  type Issue,
  policyFor,
  validateAsset,
} from '@sluice/assets'

/** What the deploy dialog deploys: a deployment asset's spec, chosen in the dialog. */
export interface DeployChoice {
  name: string
  cluster: string
  workflows: string[]
  /** In order: a key in a later environment wins. */
  environments: string[]
  secrets: string[]
  tag: string
}

export function choiceOf(name: string, spec: unknown): DeployChoice {
  const read = (key: string): unknown =>
    typeof spec === 'object' && spec !== null ? Reflect.get(spec, key) : undefined
  const strings = (key: string) => {
    const value = read(key)
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
  }
  const cluster = read('cluster')
  const tag = read('tag')
  return {
    name,
    cluster: typeof cluster === 'string' ? cluster : 'default',
    workflows: strings('workflows'),
    environments: strings('environments'),
    secrets: strings('secrets'),
    tag: typeof tag === 'string' ? tag : '${build:timestamp}',
  }
}

export function specOf(choice: DeployChoice): Record<string, unknown> {
  const { name: _, ...spec } = choice
  return spec
}

/** The choice as a deployment asset, to check and to derive its IAM policy before it is saved. */
export function deploymentAsset(choice: DeployChoice): Asset {
  return {
    kind: 'deployment',
    name: choice.name || 'new-deployment',
    requiredRoles: [],
    spec: specOf(choice),
  }
}

/** Issues of the choice on its own: name, at least one workflow, the tag. */
export function choiceIssues(choice: DeployChoice): Issue[] {
  return validateAsset(builtinRegistry, deploymentAsset(choice)).issues
}

/** The least-privilege IAM policy the engine identity needs for the choice, as if it were deployed. */
export function previewPolicy(
  assets: readonly Asset[],
  choice: DeployChoice,
): { policy: IamPolicy; issues: Issue[] } {
  const candidate = deploymentAsset(choice)
  const others = assets.filter((a) => !(a.kind === 'deployment' && a.name === candidate.name))
  return policyFor(builtinRegistry, [...others, candidate], { deployment: candidate.name })
}
