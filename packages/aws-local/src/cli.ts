import { startLocalAws } from './stack.ts'

const aws = await startLocalAws()
process.stdout.write(`${JSON.stringify({ ...aws.endpoints, region: aws.region })}\n`)

let stopping = false
function shutdown(signal: NodeJS.Signals): void {
  if (stopping) process.exit(1)
  stopping = true
  aws.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`aws-local: stop after ${signal} failed: ${String(err)}\n`)
      process.exit(1)
    },
  )
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
