import { LetterAcknowledged, on } from '@smss/events';
import { MeasureRepository } from '../modules/measures/measure.repository';

/** LETTERS_ANSWERED_ON_TIME_RATE: the recipient acknowledged its copy (on time or late). */
export const recordAcknowledgementWhenLetterAcknowledged = on(LetterAcknowledged, async (event, manager) => {
  const p = event.payload;
  await new MeasureRepository(manager.connection).recordAcknowledgement(manager, {
    deliveryId: p.deliveryId,
    recipientOrgCode: p.recipientOrgCode,
    recipientAreaOfficeCode: p.recipientAreaOfficeCode,
    acknowledgedAt: p.acknowledgedAt,
    late: p.late,
  });
});
