import { Query } from './query';
import { Mutation } from './mutation';
import { ConflictEnrolment, Enrollment, EnrollmentConflict, Student, Transfer } from './student';
import { AreaOffice, DmcRound, DmcSnapshot, Province, School } from './school';

export const resolvers = {
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
