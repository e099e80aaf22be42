import pino, { type Logger } from 'pino';

export type { Logger };

/** One JSON logger per process; child loggers carry the request id. */
export function createLogger(service: string, level: string = 'info'): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-smss-gateway-secret"]'],
      censor: '[redacted]',
    },
  });
}
