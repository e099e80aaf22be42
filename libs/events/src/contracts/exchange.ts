import { z } from 'zod';
import { defineEvent } from '../envelope';

export const EXCHANGE_STREAM = 'EXCHANGE';

/**
 * A partner agreement was created, changed, revoked, had its pseudonym key rotated or its registered
 * operations changed (the exchange subgraph). Codes and versions only: the profile itself stays in the
 * exchange database and reaches the subgraphs inside the gateway's signed assertion.
 */
export const partnerAgreementChangedPayload = z.object({
  agreementId: z.string().uuid(),
  partnerCode: z.string().regex(/^[A-Z0-9][A-Z0-9_-]{1,31}$/),
  change: z.enum([
    'CREATED',
    'UPDATED',
    'REVOKED',
    'KEY_ROTATED',
    'OPERATION_REGISTERED',
    'OPERATION_REMOVED',
  ]),
  status: z.enum(['ACTIVE', 'REVOKED']),
  /** Monotonic per agreement; consumers keep the highest version they have seen. */
  version: z.number().int().positive(),
});
export type PartnerAgreementChangedPayload = z.infer<typeof partnerAgreementChangedPayload>;

export const PartnerAgreementChanged = defineEvent({
  subject: 'exchange.partner-agreement.changed.v1',
  stream: EXCHANGE_STREAM,
  payload: partnerAgreementChangedPayload,
  description:
    'A partner agreement changed (codes and version only; the profile stays in the exchange database).',
});
