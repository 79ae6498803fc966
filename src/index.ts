import { run } from './action.ts';

await run();
// run() has reported everything; a connection the Kubernetes client keeps open must not hold the job.
setTimeout(() => process.exit(), 2000).unref();
