import { z } from 'zod';
import { conflict, inputProblems, notFound } from '@smss/core';
import { enqueueEvents, BuildingSurveyClosed, type BuildingSurveyClosedPayload } from '@smss/events';
import { money, toMoneyString } from '@smss/money';
import { fiscalYearRange } from '@smss/thai';
import type { MaybeViewer } from '@smss/auth';
import { hiddenRecord } from '@smss/trust';
import type { DataSource } from 'typeorm';
import { assertAreaReviewer, assertObecAdmin, assertSchoolKeeper } from '../common/policy';
import { buddhistYear, isoDate, optionalText, parseInput, problem, uuid } from '../common/validation';
import type { BuildingRepository } from '../building/building.repository';
import type { SchoolPlacementRepository } from '../directory/school-placement.repository';
import type { SurveyRepository, BuildingSurvey } from './survey.repository';
import {
  assertMayReview,
  assertMaySubmit,
  conditionCounts,
  defaultWindow,
  surveyLines,
  type SurveyRound,
} from './survey.rules';

/** `assets.building-survey.closed.v1` of a school's closed survey (a round's close, or the demo's). */
export function buildingSurveyClosed(s: BuildingSurvey, closedAt: string): BuildingSurveyClosedPayload {
  const counts = conditionCounts(s.lines);
  return {
    surveyId: s.id,
    roundId: s.roundId,
    fiscalYear: s.fiscalYear,
    schoolId: s.schoolId,
    schoolCode: s.schoolCode,
    areaOfficeCode: s.areaOfficeCode,
    provinceCode: s.provinceCode,
    accepted: s.accepted,
    buildings: counts.total,
    byCondition: {
      good: counts.good,
      needsRepair: counts.needsRepair,
      dilapidated: counts.dilapidated,
      unsafe: counts.unsafe,
    },
    floorArea: toMoneyString(
      s.lines.reduce((sum, l) => (l.floorArea ? sum.plus(money(l.floorArea)) : sum), money('0')),
    ),
    classrooms: s.lines.reduce((n, l) => n + l.classrooms, 0),
    closedAt,
  };
}

/** Use cases of the building survey: validation and authorisation here, SQL in the repository. */
export class SurveyService {
  constructor(
    private readonly db: DataSource,
    private readonly surveys: SurveyRepository,
    private readonly buildings: BuildingRepository,
    private readonly placements: SchoolPlacementRepository,
    private readonly today: () => string,
  ) {}

  async schedule(viewer: MaybeViewer, input: unknown): Promise<SurveyRound> {
    const admin = assertObecAdmin(viewer);
    const v = parseInput(
      z.object({ fiscalYear: buddhistYear, opensOn: isoDate.nullish(), closesOn: isoDate.nullish() }),
      input,
    );
    const window = { ...defaultWindow(v.fiscalYear) };
    if (v.opensOn) window.opensOn = v.opensOn;
    if (v.closesOn) window.closesOn = v.closesOn;
    const { start, end } = fiscalYearRange(v.fiscalYear);
    const problems = [];
    if (window.opensOn < start || window.opensOn > end)
      problems.push(problem('opensOn', `must fall within fiscal year ${v.fiscalYear} (${start} – ${end})`));
    if (window.closesOn < window.opensOn || window.closesOn > end)
      problems.push(
        problem('closesOn', `must fall within fiscal year ${v.fiscalYear} and not before opensOn`),
      );
    if (problems.length) throw inputProblems(problems);
    return this.db.transaction(async (m) => {
      const current = await this.surveys.roundOfYear(m, v.fiscalYear, 'UPDATE');
      if (current?.closedAt)
        throw conflict(
          `The round of fiscal year ${v.fiscalYear} is closed and cannot be rescheduled`,
          `รอบการสำรวจปีงบประมาณ ${v.fiscalYear} ปิดแล้ว เปลี่ยนกำหนดเวลาไม่ได้`,
          { reason: 'ROUND_CLOSED' },
        );
      await this.surveys.upsertRound(m, v.fiscalYear, window.opensOn, window.closesOn, admin.subject);
      return (await this.surveys.roundOfYear(m, v.fiscalYear))!;
    });
  }

  async submit(viewer: MaybeViewer, args: unknown): Promise<BuildingSurvey> {
    const v = parseInput(z.object({ schoolId: uuid, fiscalYear: buddhistYear }), args);
    const placement = await this.placements.byId(v.schoolId);
    const writer = assertSchoolKeeper(viewer, placement);
    return this.db.transaction(async (m) => {
      // FOR SHARE: a close waits for this submission (or this one sees the round closed).
      const round = await this.surveys.roundOfYear(m, v.fiscalYear, 'SHARE');
      if (!round)
        throw conflict(
          `There is no building survey round for fiscal year ${v.fiscalYear}`,
          `ยังไม่มีรอบการสำรวจอาคารของปีงบประมาณ ${v.fiscalYear}`,
          { reason: 'NO_ROUND' },
        );
      const current = await this.surveys.lockOf(m, round.id, v.schoolId);
      assertMaySubmit(round, current, this.today());
      const lines = surveyLines(await this.buildings.ofSchool(m, v.schoolId));
      const id = await this.surveys.submit(m, round.id, v.schoolId, lines, writer.subject);
      return (await this.surveys.byIds([id], m))[0]!;
    });
  }

  async review(viewer: MaybeViewer, args: unknown): Promise<BuildingSurvey> {
    const v = parseInput(
      z.object({ id: uuid, decision: z.enum(['ACCEPT', 'RETURN']), note: optionalText(1000) }),
      args,
    );
    const [found] = await this.surveys.byIds([v.id]);
    if (!found) throw hiddenRecord();
    const reviewer = assertAreaReviewer(viewer, await this.placements.byId(found.schoolId));
    if (v.decision === 'RETURN' && !v.note)
      throw inputProblems([
        problem(
          'note',
          'a returned survey needs a note saying what to correct',
          'การส่งคืนต้องระบุหมายเหตุว่าต้องแก้ไขอะไร',
        ),
      ]);
    return this.db.transaction(async (m) => {
      const round = (await this.surveys.roundOfYear(m, found.fiscalYear, 'SHARE'))!;
      const current = (await this.surveys.lockById(m, v.id))!;
      assertMayReview(round, current);
      await this.surveys.review(m, v.id, v.decision === 'ACCEPT', v.note, reviewer.subject);
      return (await this.surveys.byIds([v.id], m))[0]!;
    });
  }

  /** Close the round: freeze every survey, one event per school whose survey was submitted or accepted. */
  async close(viewer: MaybeViewer, args: unknown, requestId: string): Promise<SurveyRound> {
    assertObecAdmin(viewer);
    const v = parseInput(z.object({ fiscalYear: buddhistYear }), args);
    return this.db.transaction(async (m) => {
      const round = await this.surveys.roundOfYear(m, v.fiscalYear, 'UPDATE');
      if (!round)
        throw notFound(
          'Building survey round of fiscal year',
          'รอบการสำรวจอาคารปีงบประมาณ',
          String(v.fiscalYear),
        );
      if (round.closedAt)
        throw conflict(
          `The round of fiscal year ${v.fiscalYear} is already closed`,
          `รอบการสำรวจปีงบประมาณ ${v.fiscalYear} ปิดไปแล้ว`,
          { reason: 'ROUND_CLOSED' },
        );
      const closed = await this.surveys.close(m, round.id);
      const closedRound = (await this.surveys.roundOfYear(m, v.fiscalYear))!;
      await enqueueEvents(
        m,
        BuildingSurveyClosed,
        closed.map((s) => ({
          aggregateId: s.id,
          payload: buildingSurveyClosed(s, closedRound.closedAt!),
          meta: requestId ? { correlationId: requestId } : {},
        })),
      );
      return closedRound;
    });
  }
}
