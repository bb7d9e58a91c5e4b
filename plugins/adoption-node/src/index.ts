/**
 * Atrium adoption for backend plugins: `adoptionEventsServiceRef`, to record Atrium's own usage events.
 *
 * @packageDocumentation
 */
export {
  adoptionEventsServiceRef,
  HttpAdoptionEventsService,
  type AdoptionEventsService,
  type RecordOptions,
  type ServerAdoptionEvent,
} from './service';
