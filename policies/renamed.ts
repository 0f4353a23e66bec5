/**
 * Built-in policies that were renamed, old name → new name. Saved traces name the policy they ran
 * on; `replay`, `report` and `--policy` accept an old name and use the policy it became.
 */
export const RENAMED: Readonly<Record<string, string>> = {
  'udmabuf-2019-before-cpu-access-fix': 'streaming-importer-no-sync-for-cpu',
};
