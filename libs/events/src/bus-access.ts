import { STREAMS, type StreamSpec } from './contracts';
import { inboxPrefixFor } from './nats';

/** A durable consumer a service runs: the stream it reads and the durable's name. */
export interface BusConsumer {
  stream: string;
  durable: string;
}

/**
 * The durable consumers of every service under their production names (the default durable
 * prefix is the service name). NATS permissions are generated from this list, and each service's
 * tests check that its factory declares exactly these.
 */
export const BUS_CONSUMERS: Readonly<Record<string, readonly BusConsumer[]>> = {
  schools: [],
  students: [{ stream: 'SCHOOLS', durable: 'students-directory-replica' }],
  personnel: [
    { stream: 'SCHOOLS', durable: 'personnel-directory-replica' },
    { stream: 'STUDENTS', durable: 'personnel-dmc-snapshots' },
  ],
  finance: [
    { stream: 'SCHOOLS', durable: 'finance-directory-replica' },
    { stream: 'STUDENTS', durable: 'finance-dmc-allocations' },
  ],
  indicators: [
    { stream: 'SCHOOLS', durable: 'indicators-directory-replica' },
    { stream: 'STUDENTS', durable: 'indicators-student-measures' },
    { stream: 'PERSONNEL', durable: 'indicators-personnel-measures' },
    { stream: 'FINANCE', durable: 'indicators-finance-measures' },
    { stream: 'CORRESPONDENCE', durable: 'indicators-correspondence-measures' },
  ],
  exchange: [
    { stream: 'SCHOOLS', durable: 'exchange-directory-replica' },
    { stream: 'STUDENTS', durable: 'exchange-student-changes' },
  ],
  warroom: [
    { stream: 'SCHOOLS', durable: 'warroom-directory-replica' },
    { stream: 'STUDENTS', durable: 'warroom-students' },
    { stream: 'PERSONNEL', durable: 'warroom-personnel' },
    { stream: 'FINANCE', durable: 'warroom-finance' },
    { stream: 'ASSETS', durable: 'warroom-assets' },
    { stream: 'CORRESPONDENCE', durable: 'warroom-correspondence' },
    { stream: 'INDICATORS', durable: 'warroom-indicators' },
  ],
};

/**
 * The durables of a service: its entry in `BUS_CONSUMERS`, else the directory replica every
 * subgraph made from the template runs (`<service>-directory-replica` on SCHOOLS).
 */
export const consumersOf = (service: string): readonly BusConsumer[] =>
  BUS_CONSUMERS[service] ?? [{ stream: 'SCHOOLS', durable: `${service}-directory-replica` }];

export interface NatsPermissions {
  publish: { allow: string[] };
  subscribe: { allow: string[] };
}

/**
 * What a service's NATS user may do, and nothing else (an allow-list; NATS refuses the rest):
 * - publish the subjects of the streams it owns, and create, update and read those streams;
 * - for each of its durables: read the stream's info, create/update/read that durable, pull from
 *   it and acknowledge its messages — not another service's durable;
 * - receive replies only on its own inbox prefix (`_INBOX_<user>.>`).
 * So it cannot forge another service's events, purge or delete any stream, or delete consumers.
 */
export function busPermissionsFor(
  user: string,
  options: {
    /** Streams it publishes to (default: those `STREAMS` names it as owner of). */
    owns?: readonly StreamSpec[];
    consumers?: readonly BusConsumer[];
  } = {},
): NatsPermissions {
  const owns = options.owns ?? STREAMS.filter((s) => s.owner === user);
  const consumers = options.consumers ?? consumersOf(user);
  const publish = new Set<string>(['$JS.API.INFO']);
  for (const stream of owns) {
    for (const subject of stream.subjects) publish.add(subject);
    for (const op of ['CREATE', 'UPDATE', 'INFO']) publish.add(`$JS.API.STREAM.${op}.${stream.name}`);
  }
  for (const { stream, durable } of consumers) {
    publish.add(`$JS.API.STREAM.INFO.${stream}`);
    publish.add(`$JS.API.CONSUMER.CREATE.${stream}.${durable}`);
    publish.add(`$JS.API.CONSUMER.CREATE.${stream}.${durable}.>`);
    publish.add(`$JS.API.CONSUMER.DURABLE.CREATE.${stream}.${durable}`);
    publish.add(`$JS.API.CONSUMER.INFO.${stream}.${durable}`);
    publish.add(`$JS.API.CONSUMER.MSG.NEXT.${stream}.${durable}`);
    publish.add(`$JS.ACK.${stream}.${durable}.>`);
  }
  return { publish: { allow: [...publish] }, subscribe: { allow: [`${inboxPrefixFor(user)}.>`] } };
}
