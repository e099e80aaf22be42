import { visit, BREAK, type DocumentNode } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { unauthenticated } from '@smss/core';
import type { IntrospectionMode } from '@smss/auth';
import type { MaybeViewer } from '@smss/auth';

/** Does the operation ask for the schema (`__schema` or `__type`)? `__typename` is not introspection. */
export function asksForSchema(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * With introspection `authenticated` (production with GRAPHQL_INTROSPECTION=true), anonymous
 * callers get UNAUTHENTICATED for `__schema`/`__type`; with `off`, Apollo's validation refuses
 * introspection for everybody; with `open` (development) anyone may introspect, so the explorer
 * loads its schema before a token is pasted.
 */
export function introspectionPlugin<C extends { viewer: MaybeViewer }>(
  mode: IntrospectionMode,
): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      if (mode !== 'authenticated') return;
      return {
        async didResolveOperation({ document, contextValue }) {
          if (!contextValue.viewer.authenticated && asksForSchema(document)) {
            throw unauthenticated(
              'Introspection needs a valid bearer token',
              'การดูโครงสร้างข้อมูล (introspection) ต้องเข้าสู่ระบบด้วยโทเค็นที่ถูกต้อง',
            );
          }
        },
      };
    },
  };
}
