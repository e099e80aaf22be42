import { LetterDispatched, on } from '@smss/events';
import { MeasureRepository } from '../modules/measures/measure.repository';

/** LETTERS_ANSWERED_ON_TIME_RATE: a letter circulated to an organisation, with its deadline. */
export const recordDeliveryWhenLetterDispatched = on(LetterDispatched, async (event, manager) => {
  const p = event.payload;
  await new MeasureRepository(manager.connection).recordDispatch(manager, {
    deliveryId: p.deliveryId,
    recipientOrgCode: p.recipientOrgCode,
    recipientAreaOfficeCode: p.recipientAreaOfficeCode,
    dueAt: p.dueAt,
    dispatchedAt: p.dispatchedAt,
  });
});
