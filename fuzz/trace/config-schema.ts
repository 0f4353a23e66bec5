import { z } from 'zod';
import { DEFAULT_CONFIG, type WorldConfig } from '../../model/index.ts';
import { platformSchema } from './platform-schema.ts';

/**
 * An integer within bounds, with one message that says both (zod's own reports one bound at a time).
 * @category Fuzzing and traces
 */
export const intIn = (min: number, max: number) =>
  z.number().refine((n) => Number.isInteger(n) && n >= min && n <= max, `expected an integer from ${min} to ${max}`);

/** The scalar fields; `platform` is an object with its own schema (platformSchema). */
type Scalars = Omit<WorldConfig, 'platform'>;
type NumericField = { [K in keyof Scalars]: Scalars[K] extends number ? K : never }[keyof Scalars];
type StringField = { [K in keyof Scalars]: Scalars[K] extends string ? K : never }[keyof Scalars];

/**
 * The largest world a trace may ask for: the model allocates pages, IOVA owners and the like by
 * these sizes, and a report copies the world at every step, so a hostile file must not make them
 * huge. A field not listed here is bounded by `DEFAULT_MAX`.
 */
const CONFIG_MAX: { readonly [K in NumericField]?: number } = {
  vms: 16,
  maxObjects: 64,
  objectPages: 64,
  iovaPages: 4096,
  debugEntries: 1 << 16,
};
const DEFAULT_MAX = 1024;

/** The values of each string-valued field; tsc asks for one entry per such field. */
const CONFIG_CHOICES: { readonly [K in StringField]: readonly [Scalars[K], ...Scalars[K][]] } = {
  debugMode: ['disable-when-full', 'grow'],
  gpu: ['i915', 'gk20a'],
};
// Fails to compile when a value is added to a string field's union but not to CONFIG_CHOICES.
type Unlisted = { [K in StringField]: Exclude<Scalars[K], (typeof CONFIG_CHOICES)[K][number]> }[StringField];
const _allListed: [Unlisted] extends [never] ? true : false = true;
void _allListed;

function fieldSchema(key: string, dflt: unknown) {
  if (typeof dflt === 'number') return intIn(1, CONFIG_MAX[key as NumericField] ?? DEFAULT_MAX);
  return z.enum(CONFIG_CHOICES[key as StringField]);
}

/**
 * The world config: every field of `DEFAULT_CONFIG`, each optional (a missing one takes the
 * default), and the platform, whole (absent in traces saved before platforms: `gpu` names it).
 * @category Fuzzing and traces
 */
export const configSchema = z
  .strictObject({
    ...Object.fromEntries(Object.entries(DEFAULT_CONFIG).map(([k, v]) => [k, fieldSchema(k, v)])),
    platform: platformSchema,
  })
  .partial()
  .transform((c) => ({ ...DEFAULT_CONFIG, ...c }) as WorldConfig);

/** What is wrong with a (partial) world config a policy declares, in one line, or null. @category Fuzzing and traces */
export function configProblem(config: unknown): string | null {
  const r = configSchema.safeParse(config);
  if (r.success) return null;
  const issue = r.error.issues[0];
  return issue === undefined ? 'invalid config' : `config.${issue.path.join('.')}: ${issue.message}`;
}
