/** Options of {@link AckFastWebhookPipeline.grantEnqueue}. */
export interface EnqueueGrantOptions {
  /**
   * Also let the grantee read this pipeline's idempotency records (GetItem on its own
   * `event#<namespace>#` keys only, by `dynamodb:LeadingKeys`), so `createEnqueuer` can skip an
   * event the pipeline already received (`skipIfReceived`). A reconciliation sweep needs it.
   * @default false
   */
  readonly allowReceivedCheck?: boolean;
}
