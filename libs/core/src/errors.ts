import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * Error codes every subgraph and the gateway use in `extensions.code`.
 * Each error carries the English message in `message` and a Thai one in `extensions.messageTh`.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'QUERY_TOO_COMPLEX'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

const httpStatusByCode: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  QUERY_TOO_COMPLEX: 400,
};

export interface FieldProblem {
  field: string;
  messageEn: string;
  messageTh: string;
}

export class AppError extends GraphQLError {
  readonly code: ErrorCode;
  readonly messageTh: string;

  constructor(code: ErrorCode, messageEn: string, messageTh: string, details: Record<string, unknown> = {}) {
    const status = httpStatusByCode[code];
    super(messageEn, {
      extensions: { code, messageTh, ...details, ...(status ? { http: { status } } : {}) },
    });
    this.code = code;
    this.messageTh = messageTh;
  }
}

export const badInput = (messageEn: string, messageTh: string, problems: FieldProblem[] = []): AppError =>
  new AppError('BAD_USER_INPUT', messageEn, messageTh, problems.length ? { problems } : {});

export const unauthenticated = (
  messageEn = 'Authentication required: send a valid bearer token',
  messageTh = 'กรุณาเข้าสู่ระบบ: ต้องส่งโทเค็นที่ถูกต้อง',
): AppError => new AppError('UNAUTHENTICATED', messageEn, messageTh);

export const forbidden = (
  messageEn = 'You are not allowed to do this',
  messageTh = 'คุณไม่มีสิทธิ์ดำเนินการนี้',
): AppError => new AppError('FORBIDDEN', messageEn, messageTh);

export const notFound = (what: string, whatTh: string, key: string): AppError =>
  new AppError('NOT_FOUND', `${what} ${key} was not found`, `ไม่พบ${whatTh} ${key}`);

export const conflict = (
  messageEn: string,
  messageTh: string,
  details: Record<string, unknown> = {},
): AppError => new AppError('CONFLICT', messageEn, messageTh, details);

export const INTERNAL_ERROR_MESSAGE_EN = 'Internal server error';
export const INTERNAL_ERROR_MESSAGE_TH = 'เกิดข้อผิดพลาดภายในระบบ กรุณาลองใหม่อีกครั้ง';

/** Codes a client may see as they are; anything else is masked as INTERNAL_SERVER_ERROR. */
export const PUBLIC_ERROR_CODES: ReadonlySet<string> = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'QUERY_TOO_COMPLEX',
  'SERVICE_UNAVAILABLE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

const thaiByApolloCode: Record<string, string> = {
  GRAPHQL_PARSE_FAILED: 'คำสั่ง GraphQL มีรูปแบบไม่ถูกต้อง',
  GRAPHQL_VALIDATION_FAILED: 'คำสั่ง GraphQL ไม่ตรงกับโครงสร้างข้อมูล (schema)',
  BAD_USER_INPUT: 'ข้อมูลที่ส่งมาไม่ถูกต้อง',
  BAD_REQUEST: 'คำขอไม่ถูกต้อง',
  OPERATION_RESOLUTION_FAILURE: 'ไม่พบ operation ที่ระบุ',
  PERSISTED_QUERY_NOT_FOUND: 'ไม่พบคำสั่งที่บันทึกไว้',
  PERSISTED_QUERY_NOT_SUPPORTED: 'ไม่รองรับคำสั่งที่บันทึกไว้',
};

/**
 * Shape an outgoing error: keep public codes (adding a Thai message where the error came from
 * GraphQL itself), mask everything else so no stack, SQL or internal detail leaks.
 */
export function formatPublicError(
  formatted: GraphQLFormattedError,
): GraphQLFormattedError & { extensions: Record<string, unknown> } {
  const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  if (!PUBLIC_ERROR_CODES.has(code)) {
    return {
      message: INTERNAL_ERROR_MESSAGE_EN,
      extensions: { code: 'INTERNAL_SERVER_ERROR', messageTh: INTERNAL_ERROR_MESSAGE_TH },
      ...(formatted.path ? { path: formatted.path } : {}),
    };
  }
  const { stacktrace: _stack, exception: _exception, ...rest } = formatted.extensions ?? {};
  return {
    ...formatted,
    extensions: { ...rest, code, messageTh: rest.messageTh ?? thaiByApolloCode[code] ?? formatted.message },
  };
}
