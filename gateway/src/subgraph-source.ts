import { GraphQLError } from 'graphql';
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { INTERNAL_ERROR_MESSAGE_EN, INTERNAL_ERROR_MESSAGE_TH } from '@smss/core';

type FetcherResponse = Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0];

/** What a subgraph's non-2xx answer becomes for the client (GRAPHQL_VALIDATION_FAILED: see below). */
const CLIENT_CODES: Record<string, { code: string; messageTh: string }> = {
  // The gateway validated the operation against the supergraph, so a subgraph that finds it invalid
  // is refusing a value its own scalar rejects (a Decimal literal, a bad key): the client's input.
  GRAPHQL_VALIDATION_FAILED: { code: 'BAD_USER_INPUT', messageTh: 'ข้อมูลที่ส่งมาไม่ถูกต้อง' },
  BAD_USER_INPUT: { code: 'BAD_USER_INPUT', messageTh: 'ข้อมูลที่ส่งมาไม่ถูกต้อง' },
  QUERY_TOO_COMPLEX: { code: 'QUERY_TOO_COMPLEX', messageTh: 'คำสั่งมีความซับซ้อนเกินกำหนด' },
  UNAUTHENTICATED: { code: 'UNAUTHENTICATED', messageTh: 'กรุณาเข้าสู่ระบบ: ต้องส่งโทเค็นที่ถูกต้อง' },
  FORBIDDEN: { code: 'FORBIDDEN', messageTh: 'คุณไม่มีสิทธิ์ดำเนินการนี้' },
};

interface SubgraphErrorBody {
  errors?: Array<{
    message?: unknown;
    extensions?: { code?: unknown; messageTh?: unknown; problems?: unknown };
  }>;
}

/**
 * The gateway's subgraph data source. A subgraph that answers with an HTTP error (400 for a value its
 * scalar refuses, 401, 403) is turned into the subgraph's own public error — `BAD_USER_INPUT` with its
 * Thai message, not the stock "400: Bad Request" that formatError would mask as INTERNAL_SERVER_ERROR —
 * and never carries the subgraph's URL or response body to the client. Anything else stays internal.
 */
export class SubgraphDataSource<
  TContext extends Record<string, any>,
> extends RemoteGraphQLDataSource<TContext> {
  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    let body: unknown;
    try {
      body = await this.parseBody(response);
    } catch {
      body = undefined;
    }
    const first = (body as SubgraphErrorBody | undefined)?.errors?.[0];
    const subgraphCode = typeof first?.extensions?.code === 'string' ? first.extensions.code : undefined;
    const byStatus =
      response.status === 401 ? 'UNAUTHENTICATED' : response.status === 403 ? 'FORBIDDEN' : undefined;
    const mapped = CLIENT_CODES[subgraphCode ?? byStatus ?? ''];
    if (mapped && response.status >= 400 && response.status < 500) {
      const messageTh =
        typeof first?.extensions?.messageTh === 'string' ? first.extensions.messageTh : mapped.messageTh;
      const message = typeof first?.message === 'string' && first.message ? first.message : mapped.code;
      const problems = Array.isArray(first?.extensions?.problems) ? first.extensions.problems : undefined;
      return new GraphQLError(message, {
        extensions: { code: mapped.code, messageTh, ...(problems ? { problems } : {}) },
      });
    }
    // Not a client error: keep the status for the log, nothing the client could use.
    return new GraphQLError(INTERNAL_ERROR_MESSAGE_EN, {
      extensions: {
        code: 'INTERNAL_SERVER_ERROR',
        messageTh: INTERNAL_ERROR_MESSAGE_TH,
        subgraphStatus: response.status,
      },
    });
  }
}
