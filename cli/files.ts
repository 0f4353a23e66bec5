import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from './io.ts';

const reason = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/** Creates a directory a command will write into (before the long run, not after it). */
export function ensureDir(dir: string, flag: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UsageError(`cannot create ${flag} directory ${dir}: ${reason(e)}`);
  }
}

/** Writes a file a flag asked for (and its directory); failing to is a usage error naming the flag. */
export function writeFlagFile(flag: string, path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (e) {
    throw new UsageError(`cannot write ${flag} file ${path}: ${reason(e)}`);
  }
}
