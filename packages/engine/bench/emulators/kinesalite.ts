/** Starts kinesalite (Kinesis) on 127.0.0.1 and prints `{"endpoint":…}`; stops on SIGTERM. */
import { startKinesalite } from '@sluice/aws-local'

const kinesalite = await startKinesalite()
process.stdout.write(`${JSON.stringify({ endpoint: kinesalite.endpoint })}\n`)
process.once('SIGTERM', () => kinesalite.stop().finally(() => process.exit(0)))
