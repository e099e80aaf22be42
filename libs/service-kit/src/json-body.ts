import express, { type ErrorRequestHandler, type RequestHandler } from 'express';

/** JSON body parsing for GraphQL routes. */
export const jsonBody = (limit = '5mb'): RequestHandler => express.json({ limit });

/**
 * Malformed or oversized request bodies get a GraphQL-shaped 400/413 with a Thai message,
 * never an HTML error page or a 500.
 */
export const jsonBodyErrors: ErrorRequestHandler = (error, _req, res, next) => {
  const type = (error as { type?: string }).type;
  if (type === 'entity.parse.failed') {
    res.status(400).json({
      errors: [
        {
          message: 'The request body is not valid JSON',
          extensions: { code: 'BAD_REQUEST', messageTh: 'เนื้อหาคำขอไม่ใช่ JSON ที่ถูกต้อง' },
        },
      ],
    });
    return;
  }
  if (type === 'entity.too.large') {
    res.status(413).json({
      errors: [
        {
          message: 'The request body is too large',
          extensions: { code: 'BAD_REQUEST', messageTh: 'คำขอมีขนาดใหญ่เกินกำหนด' },
        },
      ],
    });
    return;
  }
  next(error);
};
