/** Starts fauxqs (SQS, SNS, S3) on 127.0.0.1 and prints `{"endpoint":…}`; stops on SIGTERM. */
import { startFauxqs } from '@sluice/aws-local'

const fauxqs = await startFauxqs()
process.stdout.write(`${JSON.stringify({ endpoint: fauxqs.endpoint })}\n`)
process.once('SIGTERM', () => fauxqs.stop().finally(() => process.exit(0)))
