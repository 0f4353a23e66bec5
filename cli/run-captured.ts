import type { Io } from './io.ts';
import { main } from './main.ts';

/** What one in-process CLI run printed, and its exit code (for tests). */
export interface Captured {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs the CLI in-process with stdout and stderr captured; `io` overrides the rest (a TTY, Ctrl-C). */
export async function runCaptured(argv: readonly string[], io: Partial<Io> = {}): Promise<Captured> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    isTty: false,
    ...io,
    out: (s) => {
      out += s;
    },
    err: (s) => {
      err += s;
    },
  });
  return { code, out, err };
}
