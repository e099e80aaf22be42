import type { AppointmentRow } from '../modules/staff/staff.types';

/** Federated references: the directory subgraph resolves the school and area office names. */
export const Appointment = {
  school: (a: AppointmentRow) => (a.schoolId ? { id: a.schoolId } : null),
  areaOffice: (a: AppointmentRow) => ({ code: a.areaOfficeCode }),
};
