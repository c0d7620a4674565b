import {
  AssetEnvelope,
  ErrorBody,
  IssueView,
  MacroNamesView,
  ProjectValidation,
  policyFor,
  ReloadResult,
} from '@sluice/assets'
import { Type } from 'typebox'
import { actorOf } from '../auth/auth-service.ts'
import { ServiceError } from '../errors.ts'
import { principalOf } from '../http/auth-hook.ts'
import type { RouteModule } from '../http/context.ts'
import { commonErrors, SecretSpecInput } from '../http/schemas.ts'
import { macroCompletions } from '../services/macro-completions.ts'

const tags = ['project']

/** Project-wide validation, YAML import and export, reload, schemas, macro names and IAM policies. */
export const projectRoutes: RouteModule = (app, { assets, store, registry }) => {
  app.get(
    '/api/validation',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Validate the whole project: every file, asset, reference and deployment',
        response: { 200: ProjectValidation, ...commonErrors },
      },
    },
    async () => {
      const issues = store.validate()
      return { assets: store.assets().length, valid: issues.length === 0, issues }
    },
  )

  app.get(
    '/api/project/export',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'The whole project as multi-document YAML; secret values stay sealed',
        produces: ['application/yaml'],
        response: { 200: Type.String(), ...commonErrors },
      },
    },
    async (_request, reply) =>
      reply
        .type('application/yaml; charset=utf-8')
        .header('content-disposition', 'attachment; filename="sluice-project.yaml"')
        .send(assets.exportYaml()),
  )

  app.post(
    '/api/project/import',
    {
      config: { access: 'assets.write', yamlBody: true },
      schema: {
        tags,
        summary: 'Import multi-document YAML (as exported): all checked first, then written',
        consumes: ['application/yaml'],
        body: Type.String({
          description: 'Documents separated by `---`; `--- # sluice-file: <path>` names the file.',
        }),
        response: {
          200: Type.Object({
            created: Type.Array(Type.String()),
            updated: Type.Array(Type.String()),
            unchanged: Type.Array(Type.String()),
          }),
          415: ErrorBody,
          422: ErrorBody,
          ...commonErrors,
        },
      },
    },
    async (request) => assets.importYaml(actorOf(principalOf(request)), request.body),
  )

  app.post(
    '/api/project/reload',
    {
      config: { access: 'assets.write' },
      schema: {
        tags,
        summary: 'Reread the project folder now (edits on disk are also picked up by a watch)',
        response: { 200: ReloadResult, ...commonErrors },
      },
    },
    async () => ({ changed: (await store.reload()).map((c) => `${c.type} ${c.kind}/${c.name}`) }),
  )

  const schemas = registry.jsonSchemas()
  const kindInfo = (kind: string) => {
    const type = registry.get(kind)
    if (!type) throw new ServiceError('asset.unknown-kind', `unknown kind "${kind}"`)
    return {
      kind: type.kind,
      category: type.category,
      title: type.title,
      summary: type.summary,
      ...(type.ports ? { ports: type.ports } : {}),
      schema: schemas[type.kind],
      ...(type.kind === 'resource.secret' ? { writeSchema: SecretSpecInput } : {}),
      examples: type.examples.map((e) => ({ title: e.title, yaml: e.yaml })),
    }
  }
  const KindInfo = Type.Object({
    kind: Type.String(),
    category: Type.String(),
    title: Type.String(),
    summary: Type.String(),
    ports: Type.Optional(Type.Object({ inputs: Type.Integer(), outputs: Type.Integer() })),
    schema: Type.Unknown({ description: 'JSON Schema of the spec, with `x-ui` hints for the editor.' }),
    writeSchema: Type.Optional(Type.Unknown({ description: 'For secrets: how values are written.' })),
    examples: Type.Array(Type.Object({ title: Type.String(), yaml: Type.String() })),
  })

  app.get(
    '/api/schemas',
    {
      config: { access: 'read' },
      schema: {
        tags: ['schemas'],
        summary: 'Every asset kind with its JSON Schema and UI hints, for the editor forms',
        response: {
          200: Type.Object({ envelope: Type.Unknown(), kinds: Type.Array(KindInfo) }),
          ...commonErrors,
        },
      },
    },
    async () => ({ envelope: AssetEnvelope, kinds: registry.types.map((t) => kindInfo(t.kind)) }),
  )

  app.get(
    '/api/schemas/:kind',
    {
      config: { access: 'read' },
      schema: {
        tags: ['schemas'],
        summary: 'One asset kind with its JSON Schema',
        params: Type.Object({ kind: Type.String() }),
        response: { 200: KindInfo, ...commonErrors },
      },
    },
    async (request) => kindInfo(request.params.kind),
  )

  app.get(
    '/api/macros/completions',
    {
      config: { access: 'read' },
      schema: {
        tags: ['macros'],
        summary: 'Names for `${lay:` and `${sec:` in a deployment or a list of environments',
        querystring: Type.Object({
          deployment: Type.Optional(Type.String()),
          environments: Type.Optional(
            Type.String({ description: 'Comma-separated environment names, merged in order.' }),
          ),
        }),
        response: { 200: MacroNamesView, ...commonErrors },
      },
    },
    async (request) =>
      macroCompletions(store.assets(), {
        ...(request.query.deployment === undefined ? {} : { deployment: request.query.deployment }),
        ...(request.query.environments === undefined
          ? {}
          : {
              environments: request.query.environments
                .split(',')
                .map((e) => e.trim())
                .filter((e) => e !== ''),
            }),
      }),
  )

  app.get(
    '/api/iam-policy',
    {
      config: { access: 'read' },
      schema: {
        tags: ['iam'],
        summary: 'The least-privilege IAM policy of a workflow or a deployment',
        querystring: Type.Object({
          workflow: Type.Optional(Type.String()),
          deployment: Type.Optional(Type.String()),
        }),
        response: {
          200: Type.Object({ policy: Type.Unknown(), issues: Type.Array(IssueView) }),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const { workflow, deployment } = request.query
      if ((workflow === undefined) === (deployment === undefined))
        throw new ServiceError('request.invalid', 'give exactly one of ?workflow= or ?deployment=')
      return policyFor(
        registry,
        store.assets(),
        workflow === undefined ? { deployment: deployment ?? '' } : { workflow },
      )
    },
  )
}
