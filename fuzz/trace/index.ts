export { configProblem } from './config-schema.ts';
export { type Loaded, oneLine, parseTrace, readTrace } from './load.ts';
export { platformIssue, platformSchema } from './platform-schema.ts';
export { checkRegression, type RegressionVerdict } from './regression.ts';
export { replayTrace, TraceKindError, type TraceReplay, type TraceReplayOptions } from './replay.ts';
export { type Campaign, traceBaseName, traceJson, traceOfFound, traceOp, traceOps } from './save.ts';
export {
  TRACE_FORMAT,
  TRACE_LIMITS,
  TRACE_VERSION,
  type Trace,
  type TraceOp,
  type TraceOrigin,
  traceSchema,
} from './schema.ts';
