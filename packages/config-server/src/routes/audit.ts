import { Type } from 'typebox'
import { AuditEvent } from '../audit/audit-log.ts'
import { EventSettings } from '../audit/event-settings.ts'
import { actorOf } from '../auth/auth-service.ts'
import { describeError, ServiceError } from '../errors.ts'
import { principalOf } from '../http/auth-hook.ts'
import type { RouteModule } from '../http/context.ts'
import { commonErrors, ErrorSchema } from '../http/schemas.ts'

const PublisherStatus = Type.Object({
  mode: Type.String(),
  published: Type.Integer(),
  failed: Type.Integer(),
  dropped: Type.Integer(),
  pending: Type.Integer(),
  lastError: Type.Optional(Type.String()),
})

/** The audit trail, and where audit events are published. */
export const auditRoutes: RouteModule = (app, { audit, settings, events, tester }) => {
  app.get(
    '/api/audit',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Who changed what and when, newest first, with masked diffs',
        querystring: Type.Object({
          since: Type.Optional(Type.String({ description: 'ISO 8601 time, inclusive.' })),
          until: Type.Optional(Type.String({ description: 'ISO 8601 time, inclusive.' })),
          actor: Type.Optional(Type.String()),
          action: Type.Optional(
            Type.String({ description: 'An action or a prefix of one, e.g. `asset` or `asset.update`.' }),
          ),
          target: Type.Optional(
            Type.String({ description: 'A target or a prefix of one, e.g. `sink.sqs`.' }),
          ),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
        response: { 200: Type.Object({ events: Type.Array(AuditEvent) }), ...commonErrors },
      },
    },
    async (request) => {
      const { since, until, actor, action, target, limit } = request.query
      return {
        events: audit.query({
          ...(since === undefined ? {} : { since }),
          ...(until === undefined ? {} : { until }),
          ...(actor === undefined ? {} : { actor }),
          ...(action === undefined ? {} : { action }),
          ...(target === undefined ? {} : { target }),
          ...(limit === undefined ? {} : { limit }),
        }),
      }
    },
  )

  const SettingsView = Type.Object({ events: EventSettings, status: PublisherStatus })

  app.get(
    '/api/settings/events',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['audit'],
        summary: 'The events mode (`local` or `eventbridge`) and how publishing goes',
        response: { 200: SettingsView, ...commonErrors },
      },
    },
    async () => ({ events: settings.events, status: events.status() }),
  )

  app.put(
    '/api/settings/events',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['audit'],
        summary:
          'Set the events mode; `eventbridge` publishes every audit event to a bus through a connection',
        body: EventSettings,
        response: { 200: SettingsView, 422: ErrorSchema, ...commonErrors },
      },
    },
    async (request) => {
      const chosen = request.body
      if (chosen.mode === 'eventbridge') {
        try {
          tester.resolveConnection(chosen.connection, chosen.deployment)
        } catch (error) {
          throw new ServiceError(
            'settings.invalid',
            `the connection "${chosen.connection}" cannot be used from the server: ${describeError(error)}`,
            [{ path: '/connection', code: 'settings.invalid', message: describeError(error) }],
          )
        }
      }
      const before = settings.events
      await settings.setEvents(chosen)
      await audit.record({
        actor: actorOf(principalOf(request)),
        action: 'settings.events',
        target: 'settings/events',
        diff: [{ path: '/events', op: 'replace', before, after: chosen }],
      })
      return { events: settings.events, status: events.status() }
    },
  )
}
