/* The local pipeline as the inspector sees it. */
import { InspectorSource } from './server';
import { LocalPipeline } from '../pipeline-api';

export function inspectorSourceOf(pipeline: LocalPipeline, pipelineName: string, sampleBody: () => object): InspectorSource {
  return {
    pipelineName,
    webhookUrl: pipeline.url,
    steps: () => pipeline.events,
    sendSample: () => pipeline.send(sampleBody()),
    replay: (eventId) => pipeline.replayEvent(eventId),
    setPaused: (paused) => pipeline.setProcessingPaused(paused),
    paused: () => pipeline.processingPaused(),
    backlog: () => pipeline.backlog(),
  };
}
