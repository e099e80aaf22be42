import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import type { ServiceDefinition, ServiceFactoryOptions } from '@smss/service-kit';
import {
  SCHOOLS_STREAM,
  STUDENTS_STREAM,
  upsertReplicaWhenSchoolUpserted,
  type DurableConsumerOptions,
} from '@smss/events';
import { buildFinanceContext, type FinanceContext } from './context';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { financeTrust } from './trust';
import { allocateWhenDmcSnapshotPublished } from './events/allocate-when-dmc-snapshot-published.handler';

export const SCHEMA_PATH = path.join(__dirname, '..', 'schema.graphql');
export const typeDefs = parse(readFileSync(SCHEMA_PATH, 'utf8'));

/** The options every service factory takes (`durablePrefix`, default `finance`; `deliverPolicy`), and one of its own. */
export interface FinanceServiceOptions extends ServiceFactoryOptions {
  /** Parallel workers pulling from the DMC snapshot durable (default 4). */
  dmcConsumerConcurrency?: number;
}

/** The durable consumers finance runs: the directory replica and the DMC snapshot allocations. */
export function financeConsumers(options: FinanceServiceOptions = {}): DurableConsumerOptions[] {
  const prefix = options.durablePrefix ?? 'finance';
  const deliverPolicy = options.deliverPolicy ?? 'all';
  const dmc: DurableConsumerOptions = {
    durable: `${prefix}-dmc-allocations`,
    stream: STUDENTS_STREAM,
    handlers: [allocateWhenDmcSnapshotPublished],
    deliverPolicy,
  };
  return [
    {
      durable: `${prefix}-directory-replica`,
      stream: SCHOOLS_STREAM,
      handlers: [upsertReplicaWhenSchoolUpserted],
      deliverPolicy,
    },
    // Several pullers on one durable: JetStream hands each message to one of them; writers of the
    // same school and round are serialised by its row lock and the unique key (school_id, round_id).
    ...Array.from({ length: Math.max(1, options.dmcConsumerConcurrency ?? 4) }, () => dmc),
  ];
}

/** The finance subgraph, declared; `bootService` (tests, launcher, index.ts) runs it. */
export function createFinanceService(options: FinanceServiceOptions = {}): ServiceDefinition<FinanceContext> {
  return {
    name: 'finance',
    typeDefs,
    resolvers: resolvers as never,
    migrations,
    // Row scope, masking and the personal-data audit of every read: the trust layer (src/trust.ts).
    trust: financeTrust,
    consumers: financeConsumers(options),
    buildContext: (base, { dataSource }) => buildFinanceContext(base, dataSource),
  };
}

export const financeService = createFinanceService();
