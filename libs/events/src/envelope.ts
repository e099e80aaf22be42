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
}

export function defineEvent<P extends z.ZodType>(contract: EventContract<P>): EventContract<P> {
  if (!/\.v\d+$/.test(contract.subject))
    throw new Error(`Event subject ${contract.subject} must end with a version (.v1)`);
  return Object.freeze(contract);
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
