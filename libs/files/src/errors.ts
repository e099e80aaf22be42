import { AppError } from '@smss/core';
import { problemMessage, TableFileError } from './limits';

/**
 * A refused file as the user sees it: BAD_USER_INPUT with the English and Thai message, and
 * `reason` (FILE_LIMIT with `limit` and `allowed`, or FILE_UNREADABLE) for clients to act on.
 * Anything that is not a `TableFileError` is returned unchanged (an internal error stays one).
 */
export function toAppError(error: unknown): unknown {
  if (!(error instanceof TableFileError)) return error;
  const p = error.problem;
  const { en, th } = problemMessage(p);
  return new AppError(
    'BAD_USER_INPUT',
    en,
    th,
    p.kind === 'limit'
      ? { reason: 'FILE_LIMIT', limit: p.limit, allowed: p.allowed }
      : { reason: 'FILE_UNREADABLE' },
  );
}
