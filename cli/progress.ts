import { Presets, SingleBar } from 'cli-progress';
import type { Io } from './io.ts';

/** A campaign's progress, as the CLI shows it. */
export interface Progress {
  update(runs: number, found: number): void;
  stop(): void;
}

const NONE: Progress = { update: () => {}, stop: () => {} };

/**
 * A progress bar on stderr (cli-progress), only when stderr is a terminal and the output is for a
 * person. A campaign searches in phases of `phaseRuns` runs, one more after each violation found,
 * so the bar's end moves out by a phase each time one is found.
 */
export function progressBar(io: Io, label: string, phaseRuns: number, enabled: boolean): Progress {
  if (!enabled || !io.isTty || io.progressStream === undefined) return NONE;
  const bar = new SingleBar(
    {
      stream: io.progressStream,
      format: `${label} {bar} {value}/{total} runs | {found} found | {duration_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
      barsize: 24,
    },
    Presets.shades_classic,
  );
  bar.start(phaseRuns, 0, { found: 0 });
  return {
    update(runs, found) {
      bar.setTotal(phaseRuns * (found + 1));
      bar.update(runs, { found });
    },
    stop: () => bar.stop(),
  };
}
