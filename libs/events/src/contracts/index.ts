import { SCHOOLS_STREAM } from './schools';

export * from './schools';

/** Every stream and the subjects it captures. Services call `ensureStreams` with this list. */
export const STREAMS: ReadonlyArray<{ name: string; subjects: string[]; description: string }> = [
  { name: SCHOOLS_STREAM, subjects: ['schools.>'], description: 'School directory events' },
];
