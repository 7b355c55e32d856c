import pino, { Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout (pino). LOG_LEVEL sets the level; tests pass `silent`. */
export function createLogger(level: string = process.env.LOG_LEVEL || 'info'): Logger {
  return pino({ level, base: { service: 'fundwatch' }, timestamp: pino.stdTimeFunctions.isoTime });
}
