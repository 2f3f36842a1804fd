/*
 * The emulators the tests start (dynalite, fauxqs): implemented in local/emulators.ts, which the
 * local pipeline uses too, so tests and `npx projen local` run the same emulator setup.
 */
export {
  createFifoQueueWithDlq, createStateTable, dynamoClient, freePort, LOCAL_AWS, sqsClient, startDynalite, startFauxqs, TEST_AWS,
} from '../../local/emulators';
export type { DeadLetterMove, FifoQueuePair, RunningEmulator, RunningFauxqs } from '../../local/emulators';
