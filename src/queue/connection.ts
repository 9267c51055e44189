// Where Redis is: a `redis://` / `rediss://` URL (as ioredis takes them) or ioredis options.
// Both the coordinator and workers open their own clients from it; BullMQ makes its own too.

import type { ConnectionOptions } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";

/** A Redis URL (`redis://[user:pass@]host[:port][/db]`, `rediss://` for TLS) or ioredis options. */
export type QueueConnection = string | RedisOptions;

/** ioredis options from a URL; throws a RangeError on anything that is not a Redis URL. */
export function parseRedisUrl(url: string): RedisOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new RangeError(`not a Redis URL: ${url}`);
  }
  if (u.protocol !== "redis:" && u.protocol !== "rediss:") throw new RangeError(`a Redis URL starts with redis:// or rediss://, not ${u.protocol}//`);
  const o: RedisOptions = { host: u.hostname === "" ? "127.0.0.1" : u.hostname.replace(/^\[(.*)\]$/, "$1"), port: u.port === "" ? 6379 : Number(u.port) };
  if (u.username !== "") o.username = decodeURIComponent(u.username);
  if (u.password !== "") o.password = decodeURIComponent(u.password);
  const db = u.pathname.replace(/^\//, "");
  if (db !== "") {
    if (!/^\d+$/.test(db)) throw new RangeError(`the database in a Redis URL is a number, not ${db}`);
    o.db = Number(db);
  }
  if (u.protocol === "rediss:") o.tls = { servername: o.host };
  return o;
}

/**
 * Options for a client that BullMQ may block on: BullMQ requires `maxRetriesPerRequest: null`
 * (a blocking command must wait for reconnection rather than fail after a few retries).
 */
export function redisOptions(c: QueueConnection): RedisOptions {
  const base = typeof c === "string" ? parseRedisUrl(c) : { ...c };
  return { ...base, maxRetriesPerRequest: null };
}

export function openRedis(c: QueueConnection): Redis {
  return new Redis(redisOptions(c));
}

/** The same, typed for BullMQ (it hands them to its own ioredis client). */
export function bullConnection(c: QueueConnection): ConnectionOptions {
  // ioredis' RedisOptions and BullMQ's declaration of them differ only in typing details
  return redisOptions(c) as ConnectionOptions;
}
