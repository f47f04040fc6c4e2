/** Structured logs to stdout (pino); one root logger per process, children per component. */
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger } from 'pino';

/** The process's root logger at `level` ('silent' in tests). */
export function createLogger(level: LogLevel, name = 'oee'): Logger {
  return pino({ name, level, base: { pid: process.pid } });
}
