// Logs for whoever reads them: a person at a terminal gets pino-pretty's
// readable lines (through pino's own transport, in a worker thread); anything
// else (a pipe, a container's log collector) gets one JSON object per line.
import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

export type LogFormat = Config['LOG_FORMAT'];

export function wantsPrettyLogs(format: LogFormat, isTerminal: boolean): boolean {
  return format === 'pretty' || (format === 'auto' && isTerminal);
}

export function createLogger(config: Pick<Config, 'LOG_LEVEL' | 'LOG_FORMAT'>, isTerminal = process.stdout.isTTY === true): Logger {
  if (!wantsPrettyLogs(config.LOG_FORMAT, isTerminal)) return pino({ level: config.LOG_LEVEL });
  return pino({
    level: config.LOG_LEVEL,
    transport: {
      target: 'pino-pretty',
      options: { colorize: isTerminal, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: false },
    },
  });
}
