import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { SCHOOLS_STREAM, upsertReplicaWhenSchoolUpserted } from '@smss/events';
import type { ServiceDefinition, ServiceFactoryOptions } from '@smss/service-kit';
import { build__Name__Context, type __Name__Context } from './context';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import type { __Record__ } from './modules/__record_kebab__/__record_kebab__.types';

export const SCHEMA_PATH = path.join(__dirname, '..', 'schema.graphql');
export const typeDefs = parse(readFileSync(SCHEMA_PATH, 'utf8'));

/**
 * The __name__ subgraph, declared; `bootService` (tests, the launcher, index.ts, the e2e platform) runs it.
 * `durablePrefix` names the durable consumers (default `__name__`); tests on a shared NATS pass a unique
 * one with `deliverPolicy: 'new'`.
 */
export function create__Name__Service(
  options: ServiceFactoryOptions = {},
): ServiceDefinition<__Name__Context> {
  const prefix = options.durablePrefix ?? '__name__';
  return {
    name: '__name__',
    typeDefs,
    resolvers,
    migrations,
    trust: {
      // Where each record type of the SDL (@owner(by: "SCHOOL")) belongs; the trust layer does the rest.
      owners: {
        __Record__: (r: __Record__) => ({ schoolCode: r.schoolCode, areaOfficeCode: r.areaOfficeCode }),
      },
    },
    consumers: [
      {
        durable: `${prefix}-directory-replica`,
        stream: SCHOOLS_STREAM,
        handlers: [upsertReplicaWhenSchoolUpserted],
        deliverPolicy: options.deliverPolicy ?? 'all',
      },
    ],
    buildContext: (base, { dataSource }) => build__Name__Context(base, dataSource),
  };
}
