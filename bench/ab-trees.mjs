/**
 * The step loop before and after a change, across source trees (git worktrees with node_modules):
 * `node --import tsx bench/ab-trees.mjs /path/to/old /path/to/new`. Imports each tree's engine,
 * generators and invariants into one process, generates the same sequences with each tree's own
 * generator, and interleaves 13 kept rounds of 0.3 s CPU time each, so that a noisy machine slows
 * every tree alike; prints each tree's median steps per second (every invariant after every step),
 * on i915-2015-e2273302. Not part of `npm run bench` (it needs the other tree checked out).
 */
const trees = process.argv.slice(2);
if (trees.length < 2) {
  process.stderr.write('usage: node --import tsx bench/ab-trees.mjs OLD_TREE NEW_TREE...\n');
  process.exit(2);
}
const name = 'i915-2015-e2273302';
const subjects = [];
for (const t of trees) {
  const fc =
    (await import(`${t}/node_modules/fast-check/lib/fast-check.js`)).default ??
    (await import(`${t}/node_modules/fast-check/lib/fast-check.js`));
  const g = await import(`${t}/generators/index.ts`);
  const m = await import(`${t}/model/index.ts`);
  const pol = await import(`${t}/policies/index.ts`);
  const pr = await import(`${t}/properties/index.ts`);
  const p = pol.policies[name];
  const config = m.DEFAULT_CONFIG;
  const checker = pr.makeChecker(Object.values(pr.invariants));
  const seqs = fc.sample(g.opsArb({ config, maxOps: 24 }), { seed: 20150709, numRuns: 300 });
  subjects.push({
    t,
    go: () => {
      let s = 0;
      for (const ops of seqs) s += m.run(p, ops, { config, checker }).steps;
      return s;
    },
    rates: [],
  });
}
const cpu = (c0) => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
};
for (let r = 0; r < 15; r++) {
  for (const s of subjects) {
    const c0 = process.cpuUsage();
    let steps = 0;
    while (cpu(c0) < 0.3) steps += s.go();
    if (r >= 2) s.rates.push(steps / cpu(c0));
  }
}
for (const s of subjects) {
  s.rates.sort((a, b) => a - b);
  console.log(
    `${s.t}: median ${Math.round(s.rates[Math.floor(s.rates.length / 2)])} steps/s (CPU time), ${s.rates.length} rounds`,
  );
}
