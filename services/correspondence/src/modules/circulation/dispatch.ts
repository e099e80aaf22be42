import { enqueueEvents, LetterDispatched } from '@smss/events';
import type { EntityManager } from 'typeorm';
import type { NotificationRepository } from '../notifications/notification.repository';
import type { Recipient } from './delivery.types';
import type { DeliveryRepository } from './delivery.repository';

/**
 * Circulate one letter to many organisations inside the caller's transaction: the delivery rows (one
 * statement), one `correspondence.letter.dispatched.v1` event per recipient in the outbox (batched
 * inserts) and the notifications people asked for (one statement). All commit together or not at all.
 */
export async function dispatch(
  deps: { deliveries: DeliveryRepository; notifications: NotificationRepository },
  manager: EntityManager,
  d: {
    letterId: string;
    senderOrg: string;
    recipients: readonly Recipient[];
    urgency: 'NORMAL' | 'URGENT' | 'VERY_URGENT' | 'MOST_URGENT';
    secrecy: 'NORMAL' | 'CONFIDENTIAL' | 'SECRET' | 'TOP_SECRET';
    dueAt: string | null;
    at: Date;
    parentId?: string | null;
    correlationId?: string;
  },
): Promise<number> {
  const rows = await deps.deliveries.insertMany(manager, d.letterId, d.senderOrg, d.recipients, {
    channel: 'ELECTRONIC',
    sentAt: d.at,
    dueAt: d.dueAt,
    parentId: d.parentId ?? null,
  });
  if (!rows.length) return 0;
  const dispatchedAt = d.at.toISOString();
  await enqueueEvents(
    manager,
    LetterDispatched,
    rows.map((r) => ({
      aggregateId: d.letterId,
      payload: {
        letterId: d.letterId,
        deliveryId: r.id,
        senderOrgCode: d.senderOrg,
        recipientOrgCode: r.recipientOrg,
        recipientAreaOfficeCode: r.recipientArea,
        forwardedFromDeliveryId: d.parentId ?? null,
        urgency: d.urgency,
        secrecy: d.secrecy,
        dueAt: d.dueAt,
        dispatchedAt,
      },
      meta: d.correlationId ? { correlationId: d.correlationId, occurredAt: d.at } : { occurredAt: d.at },
    })),
  );
  await deps.notifications.enqueueDispatched(
    manager,
    rows.map((r) => r.id),
    d.at,
  );
  return rows.length;
}
