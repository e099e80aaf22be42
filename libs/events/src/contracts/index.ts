import { subjectFilterOf } from '../envelope';
import { SCHOOLS_STREAM, SchoolUpserted } from './schools';
import { STUDENTS_STREAM } from './students';
import { ASSETS_STREAM } from './assets';
import { CORRESPONDENCE_STREAM } from './correspondence';
import { INDICATORS_STREAM } from './indicators';
import { EXCHANGE_STREAM } from './exchange';

export * from './schools';
export * from './students';
export * from './personnel';
export * from './finance';
export * from './assets';
export * from './correspondence';
export * from './indicators';
export * from './exchange';

/** A JetStream stream of the platform: what it captures, who publishes to it, how long it keeps messages. */
export interface StreamSpec {
  name: string;
  subjects: string[];
  description: string;
  /** The one service that publishes to it and may create or change it. */
  owner: string;
  /**
   * A state stream: one message per subject (the latest) and no age limit, so a consumer created
   * at any time reads the current state of every aggregate. Event streams keep 30 days.
   */
  lastValuePerSubject?: boolean;
}

/** Every stream and the subjects it captures. Services call `ensureStreams` with this list. */
export const STREAMS: ReadonlyArray<StreamSpec> = [
  {
    name: SCHOOLS_STREAM,
    subjects: [subjectFilterOf(SchoolUpserted)],
    owner: 'schools',
    lastValuePerSubject: true,
    description: 'School directory state: the latest record of every school, kept without age limit',
  },
  {
    name: STUDENTS_STREAM,
    subjects: ['students.>'],
    owner: 'students',
    description: 'Student registry and DMC events',
  },
  { name: 'PERSONNEL', subjects: ['personnel.>'], owner: 'personnel', description: 'Personnel events' },
  { name: 'FINANCE', subjects: ['finance.>'], owner: 'finance', description: 'Finance events' },
  { name: ASSETS_STREAM, subjects: ['assets.>'], owner: 'assets', description: 'Assets events' },
  {
    name: CORRESPONDENCE_STREAM,
    subjects: ['correspondence.>'],
    owner: 'correspondence',
    description: 'Correspondence events',
  },
  {
    name: INDICATORS_STREAM,
    subjects: ['indicators.>'],
    owner: 'indicators',
    description: 'Indicators events',
  },
  { name: EXCHANGE_STREAM, subjects: ['exchange.>'], owner: 'exchange', description: 'Exchange events' },
];
