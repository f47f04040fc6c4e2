/** Structured logs to stdout (pino); one root logger per process, children per component. */
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogLevel } from './config.js';

export type { Logger } from 'pino';

/**
 * The process's root logger at `level` ('silent' in tests). JSON lines by default, for machines;
 * `pretty` renders them for a person at a terminal (colours, local times, one line per event).
 */
export function createLogger(level: LogLevel, opts: { readonly name?: string; readonly pretty?: boolean } = {}): Logger {
  const options = { name: opts.name ?? 'oee', level, base: { pid: process.pid } };
  if (!opts.pretty) return pino(options);
  // In process and synchronous: a line is on the terminal before the next one is logged, and a
  // crash loses nothing (a transport's worker thread could drop its last lines).
  return pino(options, pretty({ sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true }));
}
