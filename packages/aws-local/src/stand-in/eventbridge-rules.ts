import { StandInError } from './errors.ts'
import { compileEventPattern } from './event-pattern.ts'
import { type EventBridgeState, getBus, getRule, page, type Rule, ruleArn } from './eventbridge-state.ts'
import { checkName, type JsonObject, optNumber, optString, reqString } from './json-input.ts'

const RULE_NAME = /^[.\-_A-Za-z0-9]+$/

function describe(state: EventBridgeState, rule: Rule): JsonObject {
  return {
    Name: rule.name,
    Arn: rule.arn,
    EventPattern: rule.eventPattern,
    ScheduleExpression: rule.scheduleExpression,
    State: rule.state,
    Description: rule.description,
    RoleArn: rule.roleArn,
    EventBusName: rule.busName,
    CreatedBy: state.account,
  }
}

/**
 * PutRule: creates or updates a rule. The event pattern is validated and compiled here, so a
 * bad one fails with `InvalidEventPatternException` as on AWS. Schedules are stored, never fired.
 */
export function putRule(state: EventBridgeState, input: JsonObject): JsonObject {
  const name = reqString(input, 'Name')
  checkName('Name', name, RULE_NAME, 64)
  const bus = getBus(state, optString(input, 'EventBusName'))
  const eventPattern = optString(input, 'EventPattern')
  const scheduleExpression = optString(input, 'ScheduleExpression')
  if (eventPattern === undefined && scheduleExpression === undefined) {
    throw new StandInError(
      'ValidationException',
      'Parameter(s) EventPattern or ScheduleExpression must be specified.',
    )
  }
  if (scheduleExpression !== undefined && bus.name !== 'default') {
    throw new StandInError(
      'ValidationException',
      'ScheduleExpression is supported only on the default event bus.',
    )
  }
  const ruleState = optString(input, 'State') ?? 'ENABLED'
  if (!['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'].includes(ruleState)) {
    throw new StandInError(
      'ValidationException',
      `Value '${ruleState}' at 'state' failed to satisfy constraint.`,
    )
  }
  const matches = eventPattern === undefined ? undefined : compileEventPattern(eventPattern)
  const rule: Rule = bus.rules.get(name) ?? {
    name,
    arn: ruleArn(state, bus.name, name),
    busName: bus.name,
    state: ruleState,
    targets: new Map(),
  }
  rule.state = ruleState
  assignOptional(rule, 'eventPattern', eventPattern)
  assignOptional(rule, 'matches', matches)
  assignOptional(rule, 'scheduleExpression', scheduleExpression)
  assignOptional(rule, 'description', optString(input, 'Description'))
  assignOptional(rule, 'roleArn', optString(input, 'RoleArn'))
  bus.rules.set(name, rule)
  return { RuleArn: rule.arn }
}

function assignOptional<
  K extends 'eventPattern' | 'matches' | 'scheduleExpression' | 'description' | 'roleArn',
>(rule: Rule, key: K, value: Rule[K] | undefined): void {
  if (value === undefined) delete rule[key]
  else rule[key] = value
}

/** DescribeRule. */
export function describeRule(state: EventBridgeState, input: JsonObject): JsonObject {
  const rule = getRule(state, reqString(input, 'Name'), optString(input, 'EventBusName'))
  return describe(state, rule)
}

/** ListRules with `NamePrefix`, `Limit` and `NextToken`. */
export function listRules(state: EventBridgeState, input: JsonObject): JsonObject {
  const bus = getBus(state, optString(input, 'EventBusName'))
  const prefix = optString(input, 'NamePrefix') ?? ''
  const rules = [...bus.rules.values()].filter((rule) => rule.name.startsWith(prefix))
  const result = page(rules, (rule) => rule.name, optNumber(input, 'Limit'), optString(input, 'NextToken'))
  return { Rules: result.items.map((rule) => describe(state, rule)), NextToken: result.nextToken }
}

/** DeleteRule: a rule that still has targets cannot be deleted; a missing rule is no error. */
export function deleteRule(state: EventBridgeState, input: JsonObject): JsonObject {
  const name = reqString(input, 'Name')
  const bus = getBus(state, optString(input, 'EventBusName'))
  const rule = bus.rules.get(name)
  if (rule !== undefined && rule.targets.size > 0) {
    throw new StandInError('ValidationException', "Rule can't be deleted since it has targets.")
  }
  bus.rules.delete(name)
  return {}
}

/** EnableRule / DisableRule. */
export function setRuleState(wanted: 'ENABLED' | 'DISABLED') {
  return (state: EventBridgeState, input: JsonObject): JsonObject => {
    getRule(state, reqString(input, 'Name'), optString(input, 'EventBusName')).state = wanted
    return {}
  }
}
