import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import {
  CORRESPONDENCE_STREAM,
  FINANCE_STREAM,
  PERSONNEL_STREAM,
  SCHOOLS_STREAM,
  STUDENTS_STREAM,
  upsertReplicaWhenSchoolUpserted,
} from '@smss/events';
import type { ServiceDefinition, ServiceFactoryOptions } from '@smss/service-kit';
import { buildIndicatorsContext, type DomainOptions, type IndicatorsContext } from './context';
import { recordAcknowledgementWhenLetterAcknowledged } from './events/record-acknowledgement-when-letter-acknowledged.handler';
import { recordAllocationWhenAllocationComputed } from './events/record-allocation-when-allocation-computed.handler';
import { recordDeliveryWhenLetterDispatched } from './events/record-delivery-when-letter-dispatched.handler';
import { recordDropoutWhenEnrollmentChanged } from './events/record-dropout-when-enrollment-changed.handler';
import { recordEnrolmentWhenDmcSnapshotPublished } from './events/record-enrolment-when-dmc-snapshot-published.handler';
import { recordPostingWhenStaffAssigned } from './events/record-posting-when-staff-assigned.handler';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { indicatorsRoutes } from './routes';
import { indicatorsTrust } from './trust';

export const SCHEMA_PATH = path.join(__dirname, '..', 'schema.graphql');
export const typeDefs = parse(readFileSync(SCHEMA_PATH, 'utf8'));

export interface IndicatorsServiceOptions extends ServiceFactoryOptions, Partial<DomainOptions> {}

/**
 * The indicators subgraph, declared; `bootService` (tests, the launcher, index.ts, the e2e platform) runs it.
 * `durablePrefix` names the durable consumers (default `indicators`); tests on a shared NATS pass a unique
 * one with `deliverPolicy: 'new'`.
 */
export function createIndicatorsService(
  options: IndicatorsServiceOptions = {},
): ServiceDefinition<IndicatorsContext> {
  const prefix = options.durablePrefix ?? 'indicators';
  const deliverPolicy = options.deliverPolicy ?? 'all';
  const domain: DomainOptions = { exportTtlSeconds: options.exportTtlSeconds ?? 600 };
  return {
    name: 'indicators',
    typeDefs,
    resolvers,
    migrations,
    trust: indicatorsTrust,
    consumers: [
      {
        durable: `${prefix}-directory-replica`,
        stream: SCHOOLS_STREAM,
        handlers: [upsertReplicaWhenSchoolUpserted],
        deliverPolicy,
      },
      // Platform measures: values other subgraphs already hold, so no school types them again.
      {
        durable: `${prefix}-student-measures`,
        stream: STUDENTS_STREAM,
        handlers: [recordEnrolmentWhenDmcSnapshotPublished, recordDropoutWhenEnrollmentChanged],
        deliverPolicy,
      },
      {
        durable: `${prefix}-personnel-measures`,
        stream: PERSONNEL_STREAM,
        handlers: [recordPostingWhenStaffAssigned],
        deliverPolicy,
      },
      {
        durable: `${prefix}-finance-measures`,
        stream: FINANCE_STREAM,
        handlers: [recordAllocationWhenAllocationComputed],
        deliverPolicy,
      },
      {
        durable: `${prefix}-correspondence-measures`,
        stream: CORRESPONDENCE_STREAM,
        handlers: [recordDeliveryWhenLetterDispatched, recordAcknowledgementWhenLetterAcknowledged],
        deliverPolicy,
      },
    ],
    routes: indicatorsRoutes(domain),
    buildContext: (base, { dataSource }) => buildIndicatorsContext(base, dataSource, domain),
  };
}
