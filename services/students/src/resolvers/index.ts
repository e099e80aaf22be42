import { Query } from './query';
import { Mutation } from './mutation';
import { ConflictEnrolment, Enrollment, EnrollmentConflict, Student, Transfer } from './student';
import { AreaOffice, DmcRound, DmcSnapshot, Province, School } from './school';
import { attendanceResolvers } from './attendance';
import { healthResolvers } from './health';
import { achievementResolvers } from './achievement';
import { DecimalScalar } from '@smss/money';
import { eefResolvers } from './eef';
import { outOfSchoolResolvers } from './out-of-school';

type ResolverMap = Record<string, Record<string, unknown>>;

/** The registry and DMC resolvers (the subgraph's first modules). */
const registry: ResolverMap = {
  Query,
  Mutation,
  Student,
  Enrollment,
  Transfer,
  EnrollmentConflict,
  ConflictEnrolment,
  School,
  AreaOffice,
  Province,
  DmcSnapshot,
  DmcRound,
};

/**
 * One resolver map per module, merged type by type. Each module's SDL sits in `schema.graphql` under
 * its own heading (new fields on shared types as `extend type`); a field defined by two modules is a
 * programming error and stops the boot.
 */
export function mergeResolverMaps(...maps: ResolverMap[]): ResolverMap {
  const merged: ResolverMap = {};
  for (const map of maps)
    for (const [type, fields] of Object.entries(map)) {
      const target = (merged[type] ??= {});
      for (const [field, resolver] of Object.entries(fields)) {
        if (field in target) throw new Error(`resolver ${type}.${field} is defined by two modules`);
        target[field] = resolver;
      }
    }
  return merged;
}

export const resolvers = mergeResolverMaps(
  registry,
  attendanceResolvers,
  healthResolvers,
  achievementResolvers,
  eefResolvers,
  outOfSchoolResolvers,
);
/** Scalars are not field maps, so they sit beside the merged maps (Decimal: money as exact strings). */
Object.assign(resolvers, { Decimal: DecimalScalar });
