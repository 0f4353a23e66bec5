import { existsSync, readFileSync } from 'node:fs';
import { platformIssue } from '../fuzz/index.ts';
import { isPlatformName, PLATFORM_NAMES, PLATFORMS, type Platform, type Policy } from '../model/index.ts';
import { platformsOf } from '../policies/index.ts';
import { UsageError } from './io.ts';

/** `--platform NAME|all` and `--platform-file PATH`, on fuzz and replay. */
export interface PlatformFlags {
  readonly platform?: string | undefined;
  readonly platformFile?: string | undefined;
}

/** A platform file: one platform as JSON, checked whole (unknown field, impossible combination: exit 2). */
export function platformFromFile(path: string): Platform {
  if (!existsSync(path)) throw new UsageError(`platform file not found: ${path}`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`${path}: not JSON: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
  }
  const issue = platformIssue(value);
  if (issue !== null) throw new UsageError(`${path}: ${issue}`);
  return value as Platform;
}

/** Checks the flags once, before any policy runs: a bad name or file is exit 2 up front. */
export function checkPlatformFlags(f: PlatformFlags): Platform | 'all' | undefined {
  if (f.platform !== undefined && f.platformFile !== undefined)
    throw new UsageError('give at most one of --platform NAME|all, --platform-file PATH');
  if (f.platformFile !== undefined) return platformFromFile(f.platformFile);
  if (f.platform === undefined) return undefined;
  if (f.platform === 'all') return 'all';
  if (!isPlatformName(f.platform))
    throw new UsageError(`unknown platform "${f.platform}" (known: ${PLATFORM_NAMES.join(', ')}, all)`);
  return PLATFORMS[f.platform];
}

/**
 * The machines to check a policy on: the one asked for; with `all`, each its driver runs on
 * (`platformsOf`); with nothing, `[undefined]`, the machine its config names.
 */
export function platformsFor(policy: Policy, chosen: Platform | 'all' | undefined): readonly (Platform | undefined)[] {
  if (chosen === undefined) return [undefined];
  if (chosen !== 'all') return [chosen];
  return platformsOf(policy);
}
