/**
 * Built-in policies that were renamed, old name → new name. Saved traces name the policy they ran
 * on; `replay`, `report` and `--policy` accept an old name and use the policy it became.
 */
export const RENAMED: Readonly<Record<string, string>> = {};
