import type { MaybeViewer } from '@smss/auth';
import type { OwnerRef, TrustRules } from '@smss/trust';
import type { WarroomContext } from './context';
import { regionOfProvince } from './modules/places/places';
import type { WarRoomView } from './modules/views/war-room.service';

/**
 * Who may see a war-room view (`@owner(by: "SCHOOL")`): the organisations whose data it sums.
 * - SCHOOL: the school and its area office; DISTRICT and AREA_OFFICE: the area office;
 * - PROVINCE, REGION, COUNTRY: every area office inside it — given as the viewer's own area office when it
 *   lies inside (the set of all of them would decide the same for an area viewer);
 * - partners: every place, as aggregates shared with every partner agreement — the SDL marks the counts
 *   @smallCell, and `suppressesWarRoomCells` has the trust layer suppress 1–4 below area level for them
 *   and for OBEC analysts;
 * - OBEC sees all (the trust layer). A school user sees its own school only.
 */
export function warRoomOwners(view: WarRoomView, viewer: MaybeViewer): OwnerRef[] {
  const refs: OwnerRef[] = [];
  if (viewer.authenticated && viewer.level === 'PARTNER') refs.push({ partnerCode: viewer.orgCode });
  switch (view.level) {
    case 'SCHOOL':
      refs.push({ schoolCode: view.code, areaOfficeCode: view.areaOfficeCode });
      break;
    case 'DISTRICT':
    case 'AREA_OFFICE':
      refs.push({ areaOfficeCode: view.areaOfficeCode });
      break;
    default:
      if (viewer.authenticated && viewer.level === 'AREA' && /^\d{4}$/.test(viewer.orgCode)) {
        const province = viewer.orgCode.slice(0, 2);
        const inside =
          view.level === 'COUNTRY' ||
          (view.level === 'REGION' && regionOfProvince(province) === view.code) ||
          (view.level === 'PROVINCE' && province === view.code);
        if (inside) refs.push({ areaOfficeCode: viewer.orgCode });
      }
  }
  return refs;
}

/** Levels below the area office, where partners and analysts see counts of 1–4 as "<5" (null). */
const BELOW_AREA = new Set(['DISTRICT', 'SCHOOL']);

/**
 * Small-cell suppression (issue 15): partners and OBEC analysts get the same figures as everyone, with
 * the `@smallCell` counts of 1–4 suppressed below area level (a district's or a school's view);
 * administrators, area and school users see the counts of the places they may see.
 */
export function suppressesWarRoomCells(viewer: MaybeViewer, record: { type: string; obj: object }): boolean {
  if (!viewer.authenticated) return true;
  if (viewer.level !== 'PARTNER' && viewer.role !== 'obec-analyst') return false;
  const level = record.type === 'WarRoomView' ? (record.obj as WarRoomView).level : undefined;
  return level === undefined || BELOW_AREA.has(level);
}

export const warroomTrust: TrustRules<WarroomContext> = {
  owners: { WarRoomView: (view: WarRoomView, ctx: WarroomContext) => warRoomOwners(view, ctx.viewer) },
  smallCells: suppressesWarRoomCells,
};
