/** Relay-style connections: opaque cursors over an offset, with a page cap. */
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { badInput } from '@smss/core';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Page {
  limit: number;
  offset: number;
}

const PREFIX = 'o:';

export const encodeCursor = (offset: number): string =>
  Buffer.from(`${PREFIX}${offset}`).toString('base64url');

export function decodeCursor(cursor: string): number {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  const offset = Number(raw.slice(PREFIX.length));
  if (!raw.startsWith(PREFIX) || !Number.isInteger(offset) || offset < 0) {
    throw badInput(`Invalid cursor "${cursor}"`, `เคอร์เซอร์ "${cursor}" ไม่ถูกต้อง`);
  }
  return offset;
}

export function toPage(args: PageArgs, max = MAX_PAGE_SIZE): Page {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > max) {
    throw badInput(`"first" must be between 0 and ${max}`, `ค่า "first" ต้องอยู่ระหว่าง 0 ถึง ${max}`);
  }
  return { limit: first, offset: args.after ? decodeCursor(args.after) + 1 : 0 };
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: number;
}

export function toConnection<T>(nodes: T[], page: Page, totalCount: number): Connection<T> {
  const edges = nodes.map((node, i) => ({ cursor: encodeCursor(page.offset + i), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.offset + nodes.length < totalCount,
      hasPreviousPage: page.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount,
  };
}

/** Fields of a connection that need nothing but its count. */
const COUNT_ONLY_FIELDS = new Set(['totalCount', '__typename']);

/**
 * Whether the connection this resolver returns is asked for anything beyond `totalCount` (edges, nodes,
 * pageInfo): when it is not, the resolver may count in SQL and skip fetching the page. Fragments and
 * inline fragments are followed; `@skip`/`@include` are not evaluated (such a field counts as asked), so
 * the answer errs towards fetching. It decides what to load, never what the viewer may see: rows that
 * are loaded still pass the trust layer one by one.
 */
export function connectionNeedsRows(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): boolean {
  const seen = new Set<string>();
  const needs = (set: SelectionSetNode | undefined): boolean => {
    if (!set) return false;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (!COUNT_ONLY_FIELDS.has(s.name.value)) return true;
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        if (needs(s.selectionSet)) return true;
      } else {
        const fragment = info.fragments[s.name.value];
        if (!fragment) return true;
        if (seen.has(s.name.value)) continue;
        seen.add(s.name.value);
        if (needs(fragment.selectionSet)) return true;
      }
    }
    return false;
  };
  return info.fieldNodes.some((node) => needs(node.selectionSet));
}
