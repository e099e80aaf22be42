import type { Response } from 'express';
import { AppError, INTERNAL_ERROR_MESSAGE_EN, INTERNAL_ERROR_MESSAGE_TH, type Logger } from '@smss/core';

const STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

/** Answer a plain HTTP route's error in the GraphQL error shape, with a status that matches its code. */
export function sendRouteError(res: Response, error: unknown, logger: Logger): void {
  if (error instanceof AppError) {
    res
      .status(STATUS[error.code] ?? 400)
      .json({ errors: [{ message: error.message, extensions: error.extensions }] });
    return;
  }
  logger.error({ err: error }, 'internal error in an HTTP route (masked)');
  res.status(500).json({
    errors: [
      {
        message: INTERNAL_ERROR_MESSAGE_EN,
        extensions: { code: 'INTERNAL_SERVER_ERROR', messageTh: INTERNAL_ERROR_MESSAGE_TH },
      },
    ],
  });
}
