import pino, { type Logger } from 'pino';

export type { Logger };

/** One JSON logger per process; child loggers carry the request id. */
export function createLogger(service: string, level: string = 'info'): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    // Query parameters can hold personal data (national IDs, names): never log them.
    serializers: {
      err: (error: unknown) => {
        const out = pino.stdSerializers.err(error as Error) as Record<string, unknown>;
        delete out.parameters;
        const driver = out.driverError as Record<string, unknown> | undefined;
        if (driver) delete driver.parameters;
        return out;
      },
    },
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-smss-gateway-assertion"]'],
      censor: '[redacted]',
    },
  });
}
