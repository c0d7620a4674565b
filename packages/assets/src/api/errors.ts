import { type Static, Type } from 'typebox'

/**
 * One problem, as the config server reports it in error bodies and validation answers: a project
 * `Issue` or a problem with a request. Codes are open-ended here (request checks add their own).
 */
export const IssueView = Type.Object(
  {
    /** Project-relative file, for issues found in a project file. */
    file: Type.Optional(Type.String()),
    path: Type.String({ description: 'JSON pointer of the offending field; empty for the whole document.' }),
    code: Type.String(),
    message: Type.String(),
  },
  { title: 'Issue' },
)
export type IssueView = Static<typeof IssueView>

/** The one error body of every route: `{ error: { code, message, issues? } }`. */
export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({
        description: 'Stable code, e.g. `version.stale`, `asset.invalid`, `auth.forbidden`.',
      }),
      message: Type.String(),
      issues: Type.Optional(Type.Array(IssueView)),
    }),
  },
  { title: 'Error' },
)
export type ErrorBody = Static<typeof ErrorBody>
