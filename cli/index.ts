export { type Io, UsageError } from './io.ts';
export { main } from './main.ts';
