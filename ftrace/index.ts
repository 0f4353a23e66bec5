export { type CheckOptions, type CheckResult, TraceChecker } from './checker.ts';
export { codeInfo, TRACE_CODES, type TraceCode } from './codes.ts';
export { BadPayload, DIRS, type Dir, KNOWN_EVENTS, parseEvent, type TraceEvent } from './events.ts';
export type { Finding, Group, Severity } from './findings.ts';
export { ftraceOfTrace } from './from-model.ts';
export { type Line, splitLine } from './line.ts';
export { checkLines, MAX_LISTED, TraceInputError, TraceReader, type TraceReport } from './reader.ts';
export { headline, traceJson, traceMarkdown, traceText } from './render.ts';
export { checkFile } from './stream.ts';
