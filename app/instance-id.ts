// Which instance this is, of several on one store: named in its leases, its spool file and its logs.
import { hostname } from 'node:os';
import type { Config } from './config.js';

/** INSTANCE_ID, or the host name and port: stable across restarts, so a restarted instance finds its own spool. */
export function instanceIdOf(config: Pick<Config, 'INSTANCE_ID' | 'PORT'>): string {
  return config.INSTANCE_ID ?? `${hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 50)}:${config.PORT}`;
}
