// The worker thread of the parallel search (parallel.ts): it runs the TypeScript task through tsx,
// as bin/dmacheck.mjs runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { runTask } = await import('./worker-task.ts');

export default runTask;
