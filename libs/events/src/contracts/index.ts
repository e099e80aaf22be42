import { SCHOOLS_STREAM } from './schools';
import { STUDENTS_STREAM } from './students';

export * from './schools';
export * from './students';
export * from './personnel';
export * from './finance';

/** Every stream and the subjects it captures. Services call `ensureStreams` with this list. */
export const STREAMS: ReadonlyArray<{ name: string; subjects: string[]; description: string }> = [
  { name: SCHOOLS_STREAM, subjects: ['schools.>'], description: 'School directory events' },
  { name: STUDENTS_STREAM, subjects: ['students.>'], description: 'Student registry and DMC events' },
  { name: 'PERSONNEL', subjects: ['personnel.>'], description: 'Personnel events' },
  { name: 'FINANCE', subjects: ['finance.>'], description: 'Finance events' },
];
