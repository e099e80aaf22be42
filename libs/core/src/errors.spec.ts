import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { badInput, formatPublicError, loadEnvironment } from './index';

describe('public error shaping', () => {
  it('keeps public codes and adds a Thai message for GraphQL’s own errors', () => {
    const shaped = formatPublicError({
      message: 'Syntax Error',
      extensions: { code: 'GRAPHQL_PARSE_FAILED', stacktrace: ['x'] },
    });
    expect(shaped.extensions).toEqual({
      code: 'GRAPHQL_PARSE_FAILED',
      messageTh: 'คำสั่ง GraphQL มีรูปแบบไม่ถูกต้อง',
    });
  });

  it('masks unknown errors as INTERNAL_SERVER_ERROR without their message', () => {
    const shaped = formatPublicError({ message: 'relation "school" does not exist', extensions: {} });
    expect(shaped).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR', messageTh: expect.stringMatching(/ข้อผิดพลาด/) },
    });
  });

  it('carries field problems on BAD_USER_INPUT', () => {
    const error = badInput('Invalid', 'ไม่ถูกต้อง', [{ field: 'obecCode', messageEn: 'x', messageTh: 'ย' }]);
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      messageTh: 'ไม่ถูกต้อง',
      problems: [{ field: 'obecCode' }],
    });
  });
});

describe('environment loading', () => {
  it('lists every invalid variable at once', () => {
    const schema = z.object({ PORT: z.coerce.number().int(), JWT_SECRET: z.string().min(32) });
    expect(() => loadEnvironment(schema, { PORT: 'abc', JWT_SECRET: 'short' }, 'demo')).toThrow(
      /Invalid environment for demo:\n {2}- PORT: .*\n {2}- JWT_SECRET: /,
    );
  });
});
