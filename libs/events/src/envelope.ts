import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * An event contract: a versioned subject, the JetStream stream that carries it and a zod
 * schema for its payload. Payloads are validated on publish and on consume.
 * Money and scores travel as decimal strings, never as floats.
 */
export interface EventContract<P extends z.ZodType = z.ZodType> {
  readonly subject: string;
  readonly stream: string;
  readonly payload: P;
  readonly description: string;
  /**
   * State, not a happening: each event is the full current state of its aggregate, published on
   * `<subject>.<aggregateId>` to a stream that keeps the last message per subject with no age
   * limit, so a consumer created years later still reads the latest state of every aggregate.
   */
  readonly lastValuePerAggregate?: boolean;
}

const stateSubjects = new Set<string>();

export function defineEvent<P extends z.ZodType>(contract: EventContract<P>): EventContract<P> {
  if (!/\.v\d+$/.test(contract.subject))
    throw new Error(`Event subject ${contract.subject} must end with a version (.v1)`);
  if (contract.lastValuePerAggregate) stateSubjects.add(contract.subject);
  return Object.freeze(contract);
}

/**
 * SQL `LIKE` patterns of the per-aggregate subjects of every state contract defined: the relay
 * publishes the events of one such subject strictly in order (the stream keeps only the last).
 */
export const stateSubjectPatterns = (): string[] =>
  [...stateSubjects].map((s) => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`);

/** An aggregate id as one NATS subject token: no dots, wildcards or white space. */
const SUBJECT_TOKEN = /^[A-Za-z0-9_-]+$/;

/**
 * The subject an event of this contract is published on: the contract's subject, followed by the
 * aggregate id for `lastValuePerAggregate` contracts (`schools.school.upserted.v1.<schoolId>`).
 */
export function subjectFor(contract: EventContract, aggregateId: string): string {
  if (!contract.lastValuePerAggregate) return contract.subject;
  if (!SUBJECT_TOKEN.test(aggregateId))
    throw new Error(`Aggregate id "${aggregateId}" of ${contract.subject} cannot be a subject token`);
  return `${contract.subject}.${aggregateId}`;
}

/** The subject filter that selects every event of a contract (`….v1.*` for per-aggregate subjects). */
export const subjectFilterOf = (contract: EventContract): string =>
  contract.lastValuePerAggregate ? `${contract.subject}.*` : contract.subject;

/** Whether a message subject carries events of this contract. */
export function isSubjectOf(contract: EventContract, subject: string): boolean {
  if (!contract.lastValuePerAggregate) return subject === contract.subject;
  return (
    subject.startsWith(`${contract.subject}.`) &&
    SUBJECT_TOKEN.test(subject.slice(contract.subject.length + 1))
  );
}

export type PayloadOf<C> = C extends EventContract<infer P> ? z.infer<P> : never;

export const envelopeSchema = z.object({
  id: z.string().uuid(),
  type: z.string().min(1),
  aggregateId: z.string().min(1),
  occurredAt: z.string().datetime({ offset: true }),
  correlationId: z.string().min(1),
  causationId: z.string().nullable(),
  payload: z.unknown(),
});

export interface EventEnvelope<P = unknown> {
  id: string;
  /** The contract's subject, version included: `schools.school.upserted.v1`. */
  type: string;
  aggregateId: string;
  occurredAt: string;
  correlationId: string;
  causationId: string | null;
  payload: P;
}

export interface EventMeta {
  correlationId?: string;
  causationId?: string | null;
  occurredAt?: Date;
}

export function buildEnvelope<C extends EventContract>(
  contract: C,
  aggregateId: string,
  payload: PayloadOf<C>,
  meta: EventMeta = {},
): EventEnvelope<PayloadOf<C>> {
  const id = randomUUID();
  const checked = contract.payload.parse(payload) as PayloadOf<C>;
  return {
    id,
    type: contract.subject,
    aggregateId,
    occurredAt: (meta.occurredAt ?? new Date()).toISOString(),
    correlationId: meta.correlationId ?? id,
    causationId: meta.causationId ?? null,
    payload: checked,
  };
}

/** Parse raw message data into an envelope whose payload satisfies the contract; throws when it does not. */
export function parseEnvelope<C extends EventContract>(
  contract: C,
  raw: unknown,
): EventEnvelope<PayloadOf<C>> {
  const envelope = envelopeSchema.parse(raw);
  if (envelope.type !== contract.subject) {
    throw new Error(`Event type ${envelope.type} does not match contract ${contract.subject}`);
  }
  return { ...envelope, payload: contract.payload.parse(envelope.payload) as PayloadOf<C> };
}
