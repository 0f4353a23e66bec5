import { z } from 'zod';
import { ARCHES, IOMMU_KINDS, type Platform, platformProblem, TRANSLATIONS } from '../../model/index.ts';

const int = (min: number, max: number) =>
  z.number().refine((n) => Number.isInteger(n) && n >= min && n <= max, `expected an integer from ${min} to ${max}`);

const deviceSchema = z.strictObject({
  name: z.string().min(1).max(64),
  driver: z.string().min(1).max(64),
  coherent: z.boolean(),
  dmaMaskBits: int(24, 64),
  maxSegPages: int(1, 2 ** 52),
  segBoundaryPages: int(1, 2 ** 52),
  maxSegCount: int(1, 2 ** 52),
  contiguous: z.boolean(),
  dynamic: z.boolean(),
  translation: z.enum(TRANSLATIONS),
});

/**
 * A platform as a file, a policy or a trace declares it: every field required, no other field
 * (a typo is an error, not a default), then the impossible combinations (`platformProblem`).
 * Sizes are bounded as the config's are (config-schema.ts CONFIG_MAX).
 */
export const platformSchema = z
  .strictObject({
    name: z.string().min(1).max(64),
    arch: z.enum(ARCHES),
    iommu: z.enum(IOMMU_KINDS),
    memoryBits: int(24, 64),
    iovaPages: int(1, 4096),
    debugEntries: int(1, 1 << 16),
    debugMode: z.enum(['disable-when-full', 'grow']),
    devices: z.array(deviceSchema),
    sources: z.record(z.string(), z.string()),
  })
  .superRefine((p, ctx) => {
    const problem = platformProblem(p as Platform);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((p) => p as Platform);

/** What is wrong with a platform, in one line, or null. */
export function platformIssue(value: unknown): string | null {
  const r = platformSchema.safeParse(value);
  if (r.success) return null;
  const issue = r.error.issues[0];
  if (issue === undefined) return 'invalid platform';
  return issue.path.length === 0 ? issue.message : `${issue.path.join('.')}: ${issue.message}`;
}
