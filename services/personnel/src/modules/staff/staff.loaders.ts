import DataLoader from 'dataloader';
import type { RecordScope } from '../access/record-scope';
import type { LeaveRepository, RunningTotalsRow } from '../leave/leave.repository';
import type { AreaStaffingRow, SchoolStaffingRow, StaffingRepository } from '../staffing/staffing.repository';
import type { StaffRepository } from './staff.repository';
import type {
  AppointmentRow,
  LeaveRequestRow,
  ReplicaSchool,
  StaffRow,
  TeachingLicenceRow,
} from './staff.types';

function keyed<T>(load: (keys: readonly string[]) => Promise<T[]>, keyOf: (row: T) => string) {
  return new DataLoader<string, T | null>(async (keys) => {
    const map = new Map((await load(keys)).map((r) => [keyOf(r), r]));
    return keys.map((k) => map.get(k) ?? null);
  });
}

function grouped<T>(load: (keys: readonly string[]) => Promise<T[]>, keyOf: (row: T) => string) {
  return new DataLoader<string, T[]>(async (keys) => {
    const groups = new Map<string, T[]>();
    for (const row of await load(keys)) {
      const k = keyOf(row);
      groups.set(k, [...(groups.get(k) ?? []), row]);
    }
    return keys.map((k) => groups.get(k) ?? []);
  });
}

interface ContainerKey {
  id: string;
  scope: RecordScope;
  limit?: number;
  offset?: number;
}

/**
 * Loads one value per container (school or area) for many containers, batching the keys that
 * share the same scope and page window into one repository call.
 */
function perContainer<V>(
  load: (ids: string[], scope: RecordScope, limit: number, offset: number) => Promise<Map<string, V>>,
  empty: () => V,
) {
  return new DataLoader<ContainerKey, V, string>(
    async (keys) => {
      const groups = new Map<string, ContainerKey[]>();
      for (const k of keys) {
        const g = JSON.stringify([k.scope, k.limit ?? 0, k.offset ?? 0]);
        groups.set(g, [...(groups.get(g) ?? []), k]);
      }
      const results = new Map<ContainerKey, V>();
      for (const members of groups.values()) {
        const first = members[0]!;
        const values = await load(
          [...new Set(members.map((m) => m.id))],
          first.scope,
          first.limit ?? 0,
          first.offset ?? 0,
        );
        for (const m of members) results.set(m, values.get(m.id) ?? empty());
      }
      return keys.map((k) => results.get(k)!);
    },
    { cacheKeyFn: (k) => JSON.stringify([k.id, k.scope, k.limit ?? 0, k.offset ?? 0]) },
  );
}

/**
 * Per-request loaders: every hop is one SQL statement per kind, however many parents. Nested lists
 * (a person's appointments and leave) are filtered in SQL by the viewer's `scope`, the same rule the
 * trust layer applies to each record behind them.
 */
export function createPersonnelLoaders(
  staff: StaffRepository,
  leave: LeaveRepository,
  staffing: StaffingRepository,
  today: string,
  scope: RecordScope,
) {
  return {
    staffById: keyed<StaffRow>(
      (ids) => staff.staffByIds(ids, today),
      (r) => r.id,
    ),
    appointmentsByStaff: grouped<AppointmentRow>(
      (ids) => staff.appointmentsByStaff(ids, scope),
      (r) => r.staffId,
    ),
    licencesByStaff: grouped<TeachingLicenceRow>(
      (ids) => staff.licencesByStaff(ids),
      (r) => r.staffId,
    ),
    leaveByStaff: grouped<LeaveRequestRow>(
      (ids) => leave.byStaff(ids, scope),
      (r) => r.staffId,
    ),
    leaveById: keyed<LeaveRequestRow>(
      (ids) => leave.byIds(ids),
      (r) => r.id,
    ),
    runningTotals: keyed<RunningTotalsRow>(
      (ids) => leave.runningTotals(ids),
      (r) => r.id,
    ),
    replicaSchoolById: keyed<ReplicaSchool>(
      (ids) => staff.replicaSchoolsByIds(ids),
      (r) => r.schoolId,
    ),
    schoolStaffPage: perContainer<StaffRow[]>(
      (ids, s, limit, offset) => staff.staffPagesByContainer('school', ids, s, today, limit, offset),
      () => [],
    ),
    areaStaffPage: perContainer<StaffRow[]>(
      (ids, s, limit, offset) => staff.staffPagesByContainer('area', ids, s, today, limit, offset),
      () => [],
    ),
    schoolStaffCount: perContainer<number>(
      (ids, s) => staff.staffCountsByContainer('school', ids, s, today),
      () => 0,
    ),
    areaStaffCount: perContainer<number>(
      (ids, s) => staff.staffCountsByContainer('area', ids, s, today),
      () => 0,
    ),
    schoolStaffing: keyed<SchoolStaffingRow>(
      (ids) => staffing.bySchools(ids, today),
      (r) => r.schoolId,
    ),
    areaStaffing: keyed<AreaStaffingRow>(
      (codes) => staffing.byAreas(codes, today),
      (r) => r.areaOfficeCode,
    ),
  };
}

export type PersonnelLoaders = ReturnType<typeof createPersonnelLoaders>;
