// Distributed batches on Redis + BullMQ: the coordinator and the worker.
export { runDistributedBatch, DistributedBatch, type DistributedBatchOptions, type DistributedSummary } from "./coordinator.js";
export { startWorker, type QueueWorkerOptions, type QueueWorkerHandle, type WorkerStats, type StalledSettings, STALLED_DEFAULTS } from "./worker.js";
export { parseRedisUrl, type QueueConnection } from "./connection.js";
