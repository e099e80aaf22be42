import { DecimalScalar } from '@smss/money';
import { Query } from './query';
import { Mutation } from './mutation';
import { StaffMember } from './staff-member';
import { School } from './school';
import { AreaOffice } from './area-office';
import { LeaveRequest } from './leave-request';
import { LeaveBalance } from './leave-balance';
import { TeachingLicence } from './teaching-licence';
import { Appointment } from './appointment';

export const resolvers = {
  Query,
  Mutation,
  StaffMember,
  School,
  AreaOffice,
  LeaveRequest,
  LeaveBalance,
  TeachingLicence,
  Appointment,
  Decimal: DecimalScalar,
};
