import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import {
  ASSETS_STREAM,
  CORRESPONDENCE_STREAM,
  FINANCE_STREAM,
  INDICATORS_STREAM,
  PERSONNEL_STREAM,
  SCHOOLS_STREAM,
  STUDENTS_STREAM,
  type HandlerRegistration,
} from '@smss/events';
import type { ServiceDefinition, ServiceFactoryOptions } from '@smss/service-kit';
import { buildWarroomContext, type WarroomContext } from './context';
import { rollUpWhenAllocationComputed } from './events/roll-up-when-allocation-computed.handler';
import { rollUpWhenSpendingRecorded } from './events/roll-up-when-spending-recorded.handler';
import { rollUpWhenAttendanceDaily } from './events/roll-up-when-attendance-daily.handler';
import { rollUpWhenBuildingSurveyClosed } from './events/roll-up-when-building-survey-closed.handler';
import { rollUpWhenDmcSnapshotPublished } from './events/roll-up-when-dmc-snapshot-published.handler';
import { rollUpWhenIndicatorResultApproved } from './events/roll-up-when-indicator-result-approved.handler';
import { rollUpWhenInfrastructureReported } from './events/roll-up-when-infrastructure-reported.handler';
import {
  rollUpWhenLetterAcknowledged,
  rollUpWhenLetterDispatched,
} from './events/roll-up-when-letter-circulated.handler';
import { rollUpWhenNutritionSummarised } from './events/roll-up-when-nutrition-summarised.handler';
import { rollUpWhenSchoolUpserted } from './events/roll-up-when-school-upserted.handler';
import { rollUpWhenStaffAssigned } from './events/roll-up-when-staff-assigned.handler';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { warroomTrust } from './trust';

export const SCHEMA_PATH = path.join(__dirname, '..', 'schema.graphql');
export const typeDefs = parse(readFileSync(SCHEMA_PATH, 'utf8'));

/**
 * The warroom subgraph, declared; `bootService` (tests, the launcher, index.ts, the e2e platform) runs it.
 * It publishes nothing: its read model is fed only by the other subgraphs' events, one durable consumer
 * per stream. `durablePrefix` names the durables (default `warroom`); tests on a shared NATS pass a unique
 * one.
 */
export function createWarroomService(options: ServiceFactoryOptions = {}): ServiceDefinition<WarroomContext> {
  const prefix = options.durablePrefix ?? 'warroom';
  const deliverPolicy = options.deliverPolicy ?? 'all';
  const consumer = (purpose: string, stream: string, handlers: HandlerRegistration[]) => ({
    durable: `${prefix}-${purpose}`,
    stream,
    handlers,
    deliverPolicy,
  });
  return {
    name: 'warroom',
    typeDefs,
    resolvers,
    migrations,
    trust: warroomTrust,
    consumers: [
      consumer('directory-replica', SCHOOLS_STREAM, [rollUpWhenSchoolUpserted]),
      consumer('students', STUDENTS_STREAM, [
        rollUpWhenDmcSnapshotPublished,
        rollUpWhenAttendanceDaily,
        rollUpWhenNutritionSummarised,
      ]),
      consumer('personnel', PERSONNEL_STREAM, [rollUpWhenStaffAssigned]),
      consumer('finance', FINANCE_STREAM, [rollUpWhenAllocationComputed, rollUpWhenSpendingRecorded]),
      consumer('assets', ASSETS_STREAM, [rollUpWhenBuildingSurveyClosed, rollUpWhenInfrastructureReported]),
      consumer('correspondence', CORRESPONDENCE_STREAM, [
        rollUpWhenLetterDispatched,
        rollUpWhenLetterAcknowledged,
      ]),
      consumer('indicators', INDICATORS_STREAM, [rollUpWhenIndicatorResultApproved]),
    ],
    buildContext: (base, { dataSource }) => buildWarroomContext(base, dataSource),
  };
}
