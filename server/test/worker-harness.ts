/**
 * A real worker in the test's own process, for server tests whose subject needs runs to happen
 * (schedules firing, secrets reaching a script, templates that run). The worker is a part of the
 * system under test here, like PostgreSQL and Redis; tests of the worker's own code live in worker/.
 */
export { startWorkerRuntime as startTestWorker, type WorkerRuntime } from '@/worker/runtime';
