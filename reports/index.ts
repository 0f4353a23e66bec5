export { coverageJson, fuzzJson, stepsJson, violationJson } from './json.ts';
export { createdIds, opText } from './ops.ts';
export { coverageText, fuzzText } from './text.ts';
