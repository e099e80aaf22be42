import { AppError } from '@smss/core';
import { fiscalYearRange } from '@smss/thai';
import type { Building, BuildingCondition } from '../building/building.types';

/*
 * The yearly building survey (pure rules). A round belongs to a fiscal year; by default its window is
 * 1–30 October, the first month of that fiscal year (FY 2570: 1–30 October 2026), like the DMC rounds'
 * collection windows. Schools submit inside the window; the area office accepts or returns; a returned
 * survey may be submitted again until OBEC closes the round; closing freezes every survey of the round.
 */

export type SurveyStatus = 'SUBMITTED' | 'RETURNED' | 'ACCEPTED' | 'CLOSED';
export type RoundStatus = 'SCHEDULED' | 'OPEN' | 'WINDOW_ENDED' | 'CLOSED';

export interface SurveyRound {
  id: string;
  fiscalYear: number;
  opensOn: string;
  closesOn: string;
  closedAt: string | null;
}

/** The default window of a fiscal year's round: 1–30 October. */
export function defaultWindow(fiscalYear: number): { opensOn: string; closesOn: string } {
  const { start } = fiscalYearRange(fiscalYear);
  return { opensOn: start, closesOn: `${start.slice(0, 4)}-10-30` };
}

export function roundStatus(round: SurveyRound, today: string): RoundStatus {
  if (round.closedAt) return 'CLOSED';
  if (today < round.opensOn) return 'SCHEDULED';
  if (today <= round.closesOn) return 'OPEN';
  return 'WINDOW_ENDED';
}

const refused = (
  reason: string,
  messageEn: string,
  messageTh: string,
  details: Record<string, unknown> = {},
) => new AppError('CONFLICT', messageEn, messageTh, { reason, ...details });

/**
 * May a school submit now? Inside the window; a returned survey also after it, until the round closes.
 * Refusals are CONFLICT with a reason (ROUND_CLOSED, WINDOW_NOT_OPEN, WINDOW_ENDED, ALREADY_ACCEPTED).
 */
export function assertMaySubmit(
  round: SurveyRound,
  current: { status: SurveyStatus } | null,
  today: string,
): void {
  const status = roundStatus(round, today);
  if (status === 'CLOSED')
    throw refused(
      'ROUND_CLOSED',
      `The building survey round of fiscal year ${round.fiscalYear} is closed: its surveys are frozen`,
      `รอบการสำรวจอาคารปีงบประมาณ ${round.fiscalYear} ปิดแล้ว ข้อมูลถูกตรึง ส่งหรือแก้ไขไม่ได้`,
    );
  if (current?.status === 'ACCEPTED')
    throw refused(
      'ALREADY_ACCEPTED',
      'The area office has accepted this survey: it can no longer be submitted again',
      'เขตพื้นที่รับรองแบบสำรวจนี้แล้ว ส่งซ้ำไม่ได้',
    );
  if (status === 'SCHEDULED')
    throw refused(
      'WINDOW_NOT_OPEN',
      `The survey window opens on ${round.opensOn}`,
      `ยังไม่ถึงช่วงเวลาส่งแบบสำรวจ (เปิดรับวันที่ ${round.opensOn})`,
      { opensOn: round.opensOn },
    );
  if (status === 'WINDOW_ENDED' && current?.status !== 'RETURNED')
    throw refused(
      'WINDOW_ENDED',
      `The survey window ended on ${round.closesOn}`,
      `หมดเวลาส่งแบบสำรวจแล้ว (ปิดรับวันที่ ${round.closesOn})`,
      { closesOn: round.closesOn },
    );
}

/** The area office reviews submitted surveys of an open (not closed) round. */
export function assertMayReview(round: SurveyRound, current: { status: SurveyStatus }): void {
  if (round.closedAt)
    throw refused(
      'ROUND_CLOSED',
      `The building survey round of fiscal year ${round.fiscalYear} is closed: its surveys are frozen`,
      `รอบการสำรวจอาคารปีงบประมาณ ${round.fiscalYear} ปิดแล้ว ข้อมูลถูกตรึง`,
    );
  if (current.status !== 'SUBMITTED')
    throw refused(
      'NOT_SUBMITTED',
      `Only a submitted survey can be checked (this one is ${current.status})`,
      'ตรวจสอบได้เฉพาะแบบสำรวจที่ส่งแล้วและรอตรวจสอบ',
      { status: current.status },
    );
}

/** One building as it stands, copied into the survey. */
export interface SurveyLine {
  buildingId: string;
  name: string;
  category: string;
  typeCode: string;
  modelCode: string | null;
  yearBuilt: number;
  floors: number;
  floorArea: string | null;
  condition: BuildingCondition;
  classrooms: number;
  rooms: number;
}

export const surveyLines = (buildings: Building[]): SurveyLine[] =>
  buildings
    .filter((b) => b.status !== 'DEMOLISHED')
    .map((b) => ({
      buildingId: b.id,
      name: b.name,
      category: b.category,
      typeCode: b.typeCode,
      modelCode: b.modelCode,
      yearBuilt: b.yearBuilt,
      floors: b.floors,
      floorArea: b.floorArea,
      condition: b.condition,
      classrooms: b.rooms.find((r) => r.use === 'CLASSROOM')?.count ?? 0,
      rooms: b.rooms.reduce((n, r) => n + r.count, 0),
    }));

export function conditionCounts(lines: Array<{ condition: BuildingCondition }>) {
  const count = (c: BuildingCondition) => lines.filter((l) => l.condition === c).length;
  return {
    good: count('GOOD'),
    needsRepair: count('NEEDS_REPAIR'),
    dilapidated: count('DILAPIDATED'),
    unsafe: count('UNSAFE'),
    total: lines.length,
  };
}
