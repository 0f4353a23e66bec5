/**
 * Built-in policies that were renamed, old name → new name. Saved traces name the policy they ran
 * on; `replay`, `report` and `--policy` accept an old name and use the policy it became.
 * @category Policies
 */
export const RENAMED: Readonly<Record<string, string>> = {
  // FIDELITY.md: the bug was pread/pwrite's in 2010, not execbuf's in 2013.
  'i915-2013-before-51311d0a': 'i915-2010-before-51311d0a',
  // FIDELITY.md: the modelled address walk is the bug 42e67b479eab fixed; c0f83d164fb8 fixed the page walk.
  'ttm-2020-before-c0f83d164fb8': 'ttm-2020-before-42e67b479eab',
  // FIDELITY.md: a composite of the 2022-2026 documented contract, not 2021 code.
  'dmabuf-2021-exporter': 'dmabuf-reference-exporter',
  // FIDELITY.md: udmabuf's own bug (an inverted sync pair on its misc device) is not expressible here.
  'udmabuf-2019-before-cpu-access-fix': 'streaming-importer-no-sync-for-cpu',
};
