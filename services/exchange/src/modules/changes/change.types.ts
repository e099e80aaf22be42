export type ChangeEntityType = 'STUDENT' | 'SCHOOL';

/** One row of the change feed (a source event, as this service recorded it). */
export interface ChangeRecord {
  position: string;
  entityType: ChangeEntityType;
  entityId: string;
  change: string;
  schoolCode: string | null;
  areaOfficeCode: string | null;
  occurredAt: string;
}

export interface NewChange {
  eventId: string;
  entityType: ChangeEntityType;
  entityId: string;
  change: string;
  schoolCode: string | null;
  areaOfficeCode: string | null;
  occurredAt: string;
}

/** Which rows of the feed a viewer may read, decided before the SQL. */
export type ChangeScope =
  | { kind: 'ALL' }
  | { kind: 'PLACES'; areaOfficeCodes: string[]; schoolCodes: string[]; types: ChangeEntityType[] }
  | { kind: 'NONE' };
