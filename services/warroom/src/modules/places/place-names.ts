/**
 * Names and hierarchy of the places the war room shows: the directory events carry only codes
 * (province, area office, district); region and names are public reference facts from `@smss/thai`.
 */
export { REGIONS, PROVINCES, type ProvinceName } from '@smss/thai';
import { LOPBURI_DISTRICT_NAMES } from '@smss/thai';

/** District names the war room knows (the sandbox province Lopburi); others show their code. */
export const DISTRICTS = LOPBURI_DISTRICT_NAMES;
