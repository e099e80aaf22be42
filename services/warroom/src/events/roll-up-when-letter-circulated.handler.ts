import { LetterAcknowledged, LetterDispatched, onBatch, type HandlerRegistration } from '@smss/events';
import { Rollup } from '../modules/figures/rollup.service';

/**
 * `correspondence.letter.dispatched.v1` and `…acknowledged.v1` → the school's letters received,
 * acknowledged (late or not) and open by deadline. A dispatch and its acknowledgement merge in either order.
 */
export const rollUpWhenLetterDispatched: HandlerRegistration = onBatch(LetterDispatched, {
  handle: (event, manager) => Rollup.letters(manager, [event]),
  handleBatch: (events, manager) => Rollup.letters(manager, events),
});

export const rollUpWhenLetterAcknowledged: HandlerRegistration = onBatch(LetterAcknowledged, {
  handle: (event, manager) => Rollup.letters(manager, [event]),
  handleBatch: (events, manager) => Rollup.letters(manager, events),
});
