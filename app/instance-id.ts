// Which instance this is, of several on one store: named in its leases, its spool file and its logs.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Config } from './config.js';

/** INSTANCE_ID, or the host name and port: stable across restarts, so a restarted instance finds its own spool. */
export function instanceIdOf(config: Pick<Config, 'INSTANCE_ID' | 'PORT'>): string {
  return config.INSTANCE_ID ?? `${hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 50)}:${config.PORT}`;
}

/**
 * How this process names itself in leases: the instance, then a nonce of its own. Instance ids are
 * unique among live processes (host and port by default), so a holder with this instance's id and
 * another nonce is an earlier life of it, whose leases a restart takes back at once.
 */
export function leaseHolderOf(instanceId: string): string {
  return `${leaseHolderPrefix(instanceId)}${randomUUID().slice(0, 8)}`;
}

export function leaseHolderPrefix(instanceId: string): string {
  return `${instanceId}#`;
}
