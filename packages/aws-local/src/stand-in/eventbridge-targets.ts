import { StandInError } from './errors.ts'
import { type EventBridgeState, getRule, page, type Target } from './eventbridge-state.ts'
import {
  checkName,
  isJsonObject,
  type JsonObject,
  optArray,
  optNumber,
  optString,
  reqString,
  validationError,
} from './json-input.ts'

const TARGET_ID = /^[.\-_A-Za-z0-9]+$/
const MAX_TARGETS_PER_RULE = 5

function toTarget(raw: unknown): Target {
  if (!isJsonObject(raw)) throw new StandInError('SerializationException', 'Each target must be an object.')
  const id = reqString(raw, 'Id')
  checkName('Id', id, TARGET_ID, 64)
  const arn = reqString(raw, 'Arn')
  const input = optString(raw, 'Input')
  if (input !== undefined) {
    try {
      JSON.parse(input)
    } catch {
      throw new StandInError('ValidationException', `Input for target ${id} is not valid JSON text.`)
    }
  }
  const sqs = raw.SqsParameters
  const messageGroupId = isJsonObject(sqs) ? optString(sqs, 'MessageGroupId') : undefined
  if (arn.startsWith('arn:aws:sqs:') && arn.endsWith('.fifo') && messageGroupId === undefined) {
    throw new StandInError(
      'ValidationException',
      `Parameter(s) SqsParameters must be specified for target: ${id}.`,
    )
  }
  const inputPath = optString(raw, 'InputPath')
  return {
    id,
    arn,
    raw,
    ...(input === undefined ? {} : { input }),
    ...(inputPath === undefined ? {} : { inputPath }),
    ...(messageGroupId === undefined ? {} : { messageGroupId }),
  }
}

/** PutTargets: at most 10 per call and 5 per rule; an existing Id is replaced. */
export function putTargets(state: EventBridgeState, input: JsonObject): JsonObject {
  const rule = getRule(state, reqString(input, 'Rule'), optString(input, 'EventBusName'))
  const targets = optArray(input, 'Targets')
  if (targets === undefined) throw validationError('Targets', undefined, 'Member must not be null')
  if (targets.length < 1 || targets.length > 10) {
    throw validationError('Targets', targets, 'Member must have length less than or equal to 10')
  }
  const parsed = targets.map(toTarget)
  const ids = new Set([...rule.targets.keys(), ...parsed.map((t) => t.id)])
  if (ids.size > MAX_TARGETS_PER_RULE) {
    throw new StandInError(
      'LimitExceededException',
      `The requested resource exceeds the maximum number allowed. Rule ${rule.name} can have at most ${MAX_TARGETS_PER_RULE} targets.`,
    )
  }
  for (const target of parsed) rule.targets.set(target.id, target)
  return { FailedEntryCount: 0, FailedEntries: [] }
}

/** ListTargetsByRule with `Limit` and `NextToken`. */
export function listTargetsByRule(state: EventBridgeState, input: JsonObject): JsonObject {
  const rule = getRule(state, reqString(input, 'Rule'), optString(input, 'EventBusName'))
  const result = page(
    [...rule.targets.values()],
    (target) => target.id,
    optNumber(input, 'Limit'),
    optString(input, 'NextToken'),
  )
  return { Targets: result.items.map((target) => target.raw), NextToken: result.nextToken }
}

/** RemoveTargets: unknown Ids are ignored, as on AWS. */
export function removeTargets(state: EventBridgeState, input: JsonObject): JsonObject {
  const rule = getRule(state, reqString(input, 'Rule'), optString(input, 'EventBusName'))
  const ids = optArray(input, 'Ids')
  if (ids === undefined || ids.length === 0) throw validationError('Ids', ids, 'Member must not be null')
  for (const id of ids) {
    if (typeof id === 'string') rule.targets.delete(id)
  }
  return { FailedEntryCount: 0, FailedEntries: [] }
}
