import pino, { Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout (pino) at `level` (config's LOG_LEVEL); tests pass `silent`. */
export function createLogger(level = 'info'): Logger {
  return pino({ level, base: { service: 'fundwatch' }, timestamp: pino.stdTimeFunctions.isoTime });
}
