import { Query } from './query';
import { Mutation } from './mutation';
import { Enrollment, Student, Transfer } from './student';
import { AreaOffice, DmcRound, DmcSnapshot, Province, School } from './school';

export const resolvers = {
  Query,
  Mutation,
  Student,
  Enrollment,
  Transfer,
  School,
  AreaOffice,
  Province,
  DmcSnapshot,
  DmcRound,
};
