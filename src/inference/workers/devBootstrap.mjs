// Worker bootstrap used when running from the TypeScript sources (no compiled worker.js):
// registers the TypeScript loader hooks in this thread, then imports the worker entry.
import { register } from "node:module";
import { workerData } from "node:worker_threads";
register(workerData.__hooks);
await import(workerData.__entry);
