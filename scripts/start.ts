import { join } from 'node:path'
import { builtinRegistry, checkProject, environmentVariables, formatIssue } from '@sluice/assets'
import { createResources, startLocalAws } from '@sluice/aws-local'

const demoDir = join(import.meta.dirname, '..', 'examples', 'demo')

const project = await checkProject(builtinRegistry, demoDir)
if (project.error || project.issues.length > 0) {
  for (const issue of project.issues) console.error(formatIssue(issue))
  console.error(
    project.error ?? `examples/demo has ${project.issues.length} issues; fix them and start again`,
  )
  process.exit(1)
}
console.log(`✓ examples/demo: ${project.assets.length} assets, valid`)

const vars = environmentVariables(project.assets, ['local'])
const need = (key: string): string => {
  const value = vars.get(key)
  if (value === undefined) throw new Error(`examples/demo/resources/environments/local.yaml lacks ${key}`)
  return value
}
const portOf = (key: string) => Number(new URL(need(key)).port)

const aws = await startLocalAws({
  ports: {
    fauxqs: portOf('FAUXQS_ENDPOINT'),
    kinesis: portOf('KINESIS_ENDPOINT'),
    standIn: portOf('STANDIN_ENDPOINT'),
  },
})
await createResources(aws, {
  buckets: [need('INBOX_BUCKET'), need('ARCHIVE_BUCKET')],
  queues: [need('ORDERS_QUEUE'), need('AUDIT_QUEUE')],
  topics: [need('ORDER_TOPIC_ARN').split(':').at(-1) ?? ''],
  streams: [need('ORDER_STREAM')],
  buses: [need('ORDER_BUS')],
})
console.log('✓ local AWS stack on 127.0.0.1 with the demo resources:')
for (const [service, endpoint] of Object.entries(aws.endpoints))
  console.log(`    ${service.padEnd(12)} ${endpoint}`)
console.log('  Try: pnpm sluice iam-policy examples/demo --deployment demo')
console.log('  Press Ctrl-C to stop.')

let stopping = false
const stop = (signal: NodeJS.Signals) => {
  if (stopping) process.exit(1)
  stopping = true
  console.log(`\n${signal}: stopping the local AWS stack…`)
  aws.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`stop failed: ${String(error)}`)
      process.exit(1)
    },
  )
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
