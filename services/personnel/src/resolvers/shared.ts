import type { Connection } from '@smss/service-kit';
import type { AppointmentRow } from '../modules/staff/staff.types';

export const inForceOn = (a: Pick<AppointmentRow, 'startDate' | 'endDate'>, date: string) =>
  a.startDate <= date && (a.endDate == null || a.endDate >= date);

export const emptyConnection = <T>(): Connection<T> => ({
  edges: [],
  pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
  totalCount: 0,
});
