import { AuditEventList, AuditQuery, ErrorBody } from '@sluice/assets'
import { Type } from 'typebox'
import { EventSettings } from '../audit/event-settings.ts'
import { actorOf } from '../auth/auth-service.ts'
import { describeError, ServiceError } from '../errors.ts'
import { principalOf } from '../http/auth-hook.ts'
import type { RouteModule } from '../http/context.ts'
import { commonErrors } from '../http/schemas.ts'

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
        querystring: AuditQuery,
        response: { 200: AuditEventList, ...commonErrors },
      },
    },
    async (request) => ({ events: audit.query(request.query) }),
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
        response: { 200: SettingsView, 422: ErrorBody, ...commonErrors },
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
