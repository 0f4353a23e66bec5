export { actionKinds, enabledOps, opTemplates } from './actions.ts';
export { type ChoiceDraw, ChoiceRunner, choicesArb } from './choices.ts';
export { EnabledTable } from './enabled.ts';
export { DEFAULT_WEIGHTS, type GenOptions, opArb, opsArb, optionsFor } from './ops.ts';
export { type At, S } from './script.ts';
