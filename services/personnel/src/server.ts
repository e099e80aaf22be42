import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { SCHOOLS_STREAM, STUDENTS_STREAM } from '@smss/events';
import type { ServiceDefinition } from '@smss/service-kit';
import type { PersonnelContext } from './context';
import type { DemoData } from './environment';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { recordEnrolmentWhenDmcSnapshotPublished } from './events/record-enrolment-when-dmc-snapshot-published.handler';
import { replicateSchoolWhenSchoolUpserted } from './events/replicate-school-when-school-upserted.handler';
import { recordScopeOf } from './modules/access/record-scope';
import { personnelTrust } from './modules/access/trust-rules';
import { todayInBangkok } from './modules/calendar/dates';
import { LeaveRepository } from './modules/leave/leave.repository';
import { LeaveService } from './modules/leave/leave.service';
import { createPersonnelLoaders } from './modules/staff/staff.loaders';
import { StaffRepository } from './modules/staff/staff.repository';
import { StaffService } from './modules/staff/staff.service';
import { StaffingRepository } from './modules/staffing/staffing.repository';

export const SCHEMA_PATH = path.join(__dirname, '..', 'schema.graphql');
export const typeDefs = parse(readFileSync(SCHEMA_PATH, 'utf8'));

export interface PersonnelServiceOptions {
  /** Prefix of the durable consumer names; tests use a unique one per run. */
  durablePrefix?: string;
  /** Where brand-new durables start: the whole stream (production) or new messages only (tests). */
  deliverPolicy?: 'all' | 'new';
  /** Give newly replicated schools deterministic demo staff. */
  demoData?: DemoData;
  /** Today's date (Asia/Bangkok); tests may pin it. */
  today?: () => string;
}

/** Durable consumer names for a prefix (tests delete them afterwards). */
export const durableNames = (prefix = 'personnel') => ({
  directory: `${prefix}-directory-replica`,
  dmcSnapshots: `${prefix}-dmc-snapshots`,
});

/** The personnel subgraph, declared; `bootService` (tests, launcher, index.ts) runs it. */
export function createPersonnelService(
  options: PersonnelServiceOptions = {},
): ServiceDefinition<PersonnelContext> {
  const today = options.today ?? (() => todayInBangkok());
  const names = durableNames(options.durablePrefix);
  return {
    name: 'personnel',
    typeDefs,
    resolvers: resolvers as never,
    migrations,
    trust: personnelTrust,
    consumers: [
      {
        durable: names.directory,
        stream: SCHOOLS_STREAM,
        handlers: [replicateSchoolWhenSchoolUpserted(options.demoData ?? 'none')],
        deliverPolicy: options.deliverPolicy ?? 'all',
      },
      {
        durable: names.dmcSnapshots,
        stream: STUDENTS_STREAM,
        handlers: [recordEnrolmentWhenDmcSnapshotPublished],
        deliverPolicy: options.deliverPolicy ?? 'all',
      },
    ],
    buildContext: (base, { dataSource }) => {
      const day = today();
      const scope = recordScopeOf(base.viewer);
      const staffRepo = new StaffRepository(dataSource);
      const leaveRepo = new LeaveRepository(dataSource);
      return {
        ...base,
        today: day,
        scope,
        staffRepo,
        leaveRepo,
        loaders: createPersonnelLoaders(staffRepo, leaveRepo, new StaffingRepository(dataSource), day, scope),
        staff: new StaffService(dataSource, staffRepo, () => day),
        leave: new LeaveService(dataSource, leaveRepo, staffRepo, () => day),
      };
    },
  };
}

/** The production definition: durables `personnel-*`, reading their streams from the start. */
export const personnelService = createPersonnelService();
