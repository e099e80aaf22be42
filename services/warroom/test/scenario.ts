import { randomUUID } from 'node:crypto';
import {
  AllocationComputed,
  AttendanceDaily,
  BuildingSurveyClosed,
  DmcSnapshotPublished,
  GRADE_LEVELS,
  NutritionSummarised,
  IndicatorResultApproved,
  InfrastructureReported,
  LetterAcknowledged,
  LetterDispatched,
  SchoolUpserted,
  SpendingRecorded,
  StaffAssigned,
  type DmcSnapshotPublishedPayload,
  type EventEnvelope,
} from '@smss/events';
import { envelopeOf } from './support';

/** A seeded pseudo-random generator (mulberry32): failures can be replayed from the seed. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  const shuffle = <T>(xs: T[]): T[] => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = int(0, i);
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  };
  return { next, int, pick, shuffle };
}

/** Area offices and the districts each serves (a secondary office overlaps the primary ones). */
export const AREAS: Record<string, string[]> = {
  '1601': ['1601', '1602'],
  '1602': ['1603', '1604'],
  '1650': ['1601', '1603'],
  '1701': ['1701', '1702'],
  '3001': ['3001'],
};

export interface SchoolFacts {
  id: string;
  obecCode: string;
  areaOfficeCode: string;
  districtCode: string;
  version: number;
  status: 'OPEN' | 'CLOSED';
}

const schoolPayload = (s: SchoolFacts) => ({
  id: s.id,
  obecCode: s.obecCode,
  smisCode: s.obecCode.slice(2),
  nameTh: `โรงเรียนทดสอบ ${s.obecCode}`,
  nameEn: null,
  areaOfficeCode: s.areaOfficeCode,
  provinceCode: s.areaOfficeCode.slice(0, 2),
  districtCode: s.districtCode,
  status: s.status,
  schoolType: 'PRIMARY',
  levels: ['PRIMARY'],
  version: s.version,
});

export const ROUNDS = [
  { academicYear: 2568, round: 'TERM1' as const, asOfDate: '2025-06-10' },
  { academicYear: 2568, round: 'TERM2' as const, asOfDate: '2025-11-10' },
];

let codeSeq = 0;

/**
 * A random history of the platform's events for a few dozen schools: directory records (some schools move or
 * close later), DMC snapshots of two rounds with corrections (higher versions), staff postings and transfers,
 * allocations with recomputations, building surveys and infrastructure reports. Returned in publishing order:
 * shuffled across sources (consumers of different streams run concurrently anyway), older versions replayed
 * after newer ones, and some envelopes published twice under another message id (the inbox must drop them).
 * The directory stream keeps one message per school, so its versions go out in order (as the schools
 * service publishes them).
 */
export function randomHistory(seed: number, schoolCount = 36) {
  const r = rng(seed);
  const schools: SchoolFacts[] = [];
  const directory: EventEnvelope[] = [];
  const others: EventEnvelope[] = [];
  const t0 = Date.parse('2025-12-01T00:00:00Z');
  let clock = 0;
  const at = () => new Date(t0 + (clock += 1000));
  for (let i = 0; i < schoolCount; i++) {
    const area = r.pick(Object.keys(AREAS));
    codeSeq += 1;
    const s: SchoolFacts = {
      id: randomUUID(),
      obecCode: `10${area}${String(codeSeq).padStart(4, '0')}`,
      areaOfficeCode: area,
      districtCode: r.pick(AREAS[area]!),
      version: 1,
      status: 'OPEN',
    };
    schools.push(s);
    directory.push(envelopeOf(SchoolUpserted, s.id, schoolPayload(s), at()));
  }
  // Later directory changes: a move to another area office and district, or a closure.
  for (const s of schools.filter(() => r.next() < 0.2)) {
    s.version += 1;
    if (r.next() < 0.7) {
      s.areaOfficeCode = r.pick(Object.keys(AREAS));
      s.districtCode = r.pick(AREAS[s.areaOfficeCode]!);
    } else s.status = 'CLOSED';
    directory.push(envelopeOf(SchoolUpserted, s.id, schoolPayload(s), at()));
  }

  const snapshot = (
    s: SchoolFacts,
    round: (typeof ROUNDS)[number],
    version: number,
  ): DmcSnapshotPublishedPayload => {
    const grades = GRADE_LEVELS.filter(() => r.next() < 0.5).map((gradeLevel) => {
      const male = r.int(0, 30);
      const female = r.int(0, 30);
      const n = male + female;
      return {
        gradeLevel,
        male,
        female,
        poor: r.int(0, Math.min(n, 6)),
        extremelyPoor: r.int(0, Math.min(n, 3)),
        disabled: r.int(0, Math.min(n, 2)),
        orphan: 0,
        stateless: r.int(0, Math.min(n, 2)),
        ethnicMinority: 0,
        classrooms: n ? r.int(1, 2) : 0,
      };
    });
    return {
      snapshotId: randomUUID(),
      roundId: randomUUID(),
      academicYear: round.academicYear,
      round: round.round,
      asOfDate: round.asOfDate,
      schoolId: s.id,
      schoolCode: s.obecCode,
      areaOfficeCode: s.areaOfficeCode,
      provinceCode: s.areaOfficeCode.slice(0, 2),
      snapshotVersion: version,
      grades,
      totalStudents: grades.reduce((n, g) => n + g.male + g.female, 0),
    };
  };
  for (const s of schools)
    for (const round of ROUNDS) {
      if (r.next() < 0.15) continue; // not every school reported every round
      const versions = r.int(1, 3);
      for (let v = 1; v <= versions; v++)
        others.push(envelopeOf(DmcSnapshotPublished, s.id, snapshot(s, round, v), at()));
    }

  for (let i = 0; i < schoolCount * 3; i++) {
    const staffId = randomUUID();
    const positionType = r.pick([
      'TEACHER',
      'TEACHER',
      'ASSISTANT_TEACHER',
      'DIRECTOR',
      'EDUCATION_SUPPORT_STAFF',
    ] as const);
    const first = r.pick(schools);
    const posting = (s: SchoolFacts) => ({
      appointmentId: randomUUID(),
      orgKind: 'SCHOOL' as const,
      schoolId: s.id,
      schoolCode: s.obecCode,
      areaOfficeCode: s.areaOfficeCode,
      positionType,
      positionNumber: null,
    });
    others.push(
      envelopeOf(
        StaffAssigned,
        staffId,
        {
          staffId,
          kind: 'INITIAL',
          posting: posting(first),
          startDate: `2024-0${r.int(1, 9)}-01`,
          previous: null,
          orderReference: null,
        },
        at(),
      ),
    );
    if (r.next() < 0.3) {
      const to = r.pick(schools);
      others.push(
        envelopeOf(
          StaffAssigned,
          staffId,
          {
            staffId,
            kind: 'TRANSFER',
            posting: posting(to),
            startDate: '2025-05-16',
            previous: { ...posting(first), endDate: '2025-05-15' },
            orderReference: null,
          },
          at(),
        ),
      );
    }
  }

  for (const s of schools.filter(() => r.next() < 0.7)) {
    const versions = r.int(1, 2);
    for (let v = 1; v <= versions; v++) {
      const students = r.int(0, 300);
      const tuition = students * 1700 + r.int(0, 99);
      const books = students * 625;
      others.push(
        envelopeOf(
          AllocationComputed,
          s.id,
          {
            allocationId: randomUUID(),
            schoolId: s.id,
            schoolCode: s.obecCode,
            areaOfficeCode: s.areaOfficeCode,
            provinceCode: s.areaOfficeCode.slice(0, 2),
            roundId: randomUUID(),
            academicYear: 2568,
            round: 'TERM1',
            fiscalYear: 2568,
            snapshotId: randomUUID(),
            snapshotVersion: v,
            items: [
              {
                item: 'TUITION',
                students,
                amount: `${Math.floor(tuition / 100)}.${String(tuition % 100).padStart(2, '0')}`,
              },
              {
                item: 'TEXTBOOKS',
                students,
                amount: `${Math.floor(books / 100)}.${String(books % 100).padStart(2, '0')}`,
              },
            ],
            total: (() => {
              const t = tuition + books;
              return `${Math.floor(t / 100)}.${String(t % 100).padStart(2, '0')}`;
            })(),
            previousTotal: null,
            adjustmentId: null,
          },
          at(),
        ),
      );
    }
  }

  // Spending: one to three approved vouchers per school in fiscal year 2568 or 2569, some partly refunded
  // (a negative entry); a place shows its latest fiscal year with any.
  const baht = (satang: number) =>
    `${satang < 0 ? '-' : ''}${Math.floor(Math.abs(satang) / 100)}.${String(Math.abs(satang) % 100).padStart(2, '0')}`;
  for (const s of schools.filter(() => r.next() < 0.6)) {
    for (let n = r.int(1, 3); n > 0; n--) {
      const fiscalYear = r.pick([2568, 2569]);
      const gross = r.int(100, 5_000_000);
      const entry = (kind: 'VOUCHER' | 'REFUND', amount: number, date: string) =>
        envelopeOf(
          SpendingRecorded,
          s.id,
          {
            entryId: randomUUID(),
            kind,
            schoolId: s.id,
            schoolCode: s.obecCode,
            areaOfficeCode: s.areaOfficeCode,
            provinceCode: s.areaOfficeCode.slice(0, 2),
            fiscalYear,
            date,
            moneySourceCode: r.pick(['PER_HEAD_SUBSIDY', 'DONATION']),
            amount: baht(amount),
            recordedAt: at().toISOString(),
          },
          at(),
        );
      others.push(entry('VOUCHER', gross, `${fiscalYear - 544}-11-${String(r.int(10, 28))}`));
      if (r.next() < 0.3)
        others.push(entry('REFUND', -r.int(1, gross), `${fiscalYear - 543}-01-${String(r.int(10, 28))}`));
    }
  }

  for (const s of schools.filter(() => r.next() < 0.6)) {
    for (let v = 1; v <= r.int(1, 2); v++) {
      const byCondition = {
        good: r.int(0, 5),
        needsRepair: r.int(0, 3),
        dilapidated: r.int(0, 2),
        unsafe: r.int(0, 1),
      };
      others.push(
        envelopeOf(
          BuildingSurveyClosed,
          s.id,
          {
            surveyId: randomUUID(),
            roundId: randomUUID(),
            fiscalYear: 2569,
            schoolId: s.id,
            schoolCode: s.obecCode,
            areaOfficeCode: s.areaOfficeCode,
            provinceCode: s.areaOfficeCode.slice(0, 2),
            accepted: true,
            buildings:
              byCondition.good + byCondition.needsRepair + byCondition.dilapidated + byCondition.unsafe,
            byCondition,
            floorArea: '100.00',
            classrooms: r.int(1, 12),
            closedAt: new Date(t0 + v * 86_400_000).toISOString(),
          },
          at(),
        ),
      );
    }
    for (let v = 1; v <= r.int(1, 3); v++) {
      const connected = r.next() < 0.7;
      others.push(
        envelopeOf(
          InfrastructureReported,
          s.id,
          {
            schoolId: s.id,
            schoolCode: s.obecCode,
            areaOfficeCode: s.areaOfficeCode,
            provinceCode: s.areaOfficeCode.slice(0, 2),
            internetConnected: connected,
            internetType: connected ? 'FIBRE' : 'NONE',
            downloadMbps: connected ? 100 : null,
            electricity: 'GRID',
            waterSources: ['PIPED'],
            teachingComputers: 5,
            teachingComputersOverFiveYears: 1,
            reportedOn: `2025-0${v}-01`,
            version: v,
          },
          at(),
        ),
      );
    }
  }

  // Letters circulated by OBEC to schools (and one to an area office, not a school figure): deadlines in
  // the past and the future, some acknowledged (late or not) — an acknowledgement may arrive first.
  for (let i = 0; i < schoolCount * 2; i++) {
    const s = r.pick(schools);
    const letterId = randomUUID();
    const deliveryId = randomUUID();
    const toArea = i === 0;
    const recipient = toArea ? s.areaOfficeCode : s.obecCode;
    const due = r.next() < 0.2 ? null : new Date(Date.now() + r.int(-20, 20) * 86_400_000).toISOString();
    others.push(
      envelopeOf(
        LetterDispatched,
        letterId,
        {
          letterId,
          deliveryId,
          senderOrgCode: 'OBEC',
          recipientOrgCode: recipient,
          recipientAreaOfficeCode: s.areaOfficeCode,
          forwardedFromDeliveryId: null,
          urgency: 'NORMAL',
          secrecy: 'NORMAL',
          dueAt: due,
          dispatchedAt: new Date(t0).toISOString(),
        },
        at(),
      ),
    );
    if (r.next() < 0.5)
      others.push(
        envelopeOf(
          LetterAcknowledged,
          letterId,
          {
            letterId,
            deliveryId,
            recipientOrgCode: recipient,
            recipientAreaOfficeCode: s.areaOfficeCode,
            acknowledgedAt: new Date(t0 + 86_400_000).toISOString(),
            late: r.next() < 0.3,
          },
          at(),
        ),
      );
  }

  // Approved indicator results: school results of two reporting rounds with re-approved versions, and an
  // area office's result (not a school figure).
  for (let i = 0; i < schoolCount * 2; i++) {
    const s = r.pick(schools);
    const resultId = randomUUID();
    const toArea = i === 0;
    const roundMonth = r.pick([3, 6] as const);
    const framework = r.pick(['KRS', 'ARS', 'PMQA'] as const);
    for (let v = 1; v <= r.int(1, 2); v++) {
      const score = `${r.int(0, 4)}.${String(r.int(0, 99_999)).padStart(5, '0')}`;
      others.push(
        envelopeOf(
          IndicatorResultApproved,
          resultId,
          {
            resultId,
            indicatorId: randomUUID(),
            indicatorCode: `${framework}-${i}`,
            fiscalYear: 2569,
            framework,
            roundMonth,
            orgLevel: toArea ? 'AREA_OFFICE' : 'SCHOOL',
            orgCode: toArea ? s.areaOfficeCode : s.obecCode,
            areaOfficeCode: s.areaOfficeCode,
            schoolCode: toArea ? null : s.obecCode,
            value: null,
            score,
            weightedScore: score,
            version: v,
            approvedAt: new Date(t0).toISOString(),
            approvedBy: 'test:area-director',
          },
          at(),
        ),
      );
    }
  }

  // Attendance: school days of semester 1 and semester 2 of 2568 (some schools only report the first), each
  // day recorded one to three times (a later revision replaces the earlier; shuffled, an older revision
  // often arrives after a newer one).
  const semester1 = ['2025-10-27', '2025-10-28', '2025-10-29', '2025-10-30', '2025-10-31'];
  const semester2 = ['2025-11-03', '2025-11-04', '2025-11-05', '2025-11-06'];
  for (const s of schools.filter(() => r.next() < 0.75)) {
    const days = [
      ...semester1.filter(() => r.next() < 0.7),
      ...(r.next() < 0.6 ? semester2.filter(() => r.next() < 0.7) : []),
    ];
    for (const date of days)
      for (let revision = 1; revision <= r.int(1, 3); revision++)
        others.push(envelopeOf(AttendanceDaily, s.id, attendanceDay(r, s, date, revision), at()));
  }

  // Nutrition: terms 1 and 2 of 2568 (some schools only term 1), each school-term summarised one to three
  // times with microsecond-sized revisions (a later one replaces the earlier; shuffled, an older revision
  // often arrives after a newer one).
  for (const s of schools.filter(() => r.next() < 0.7)) {
    const terms = r.next() < 0.6 ? [1, 2] : [1];
    for (const term of terms) {
      const revisions = r.int(1, 3);
      for (let revision = 1; revision <= revisions; revision++)
        others.push(envelopeOf(NutritionSummarised, s.id, nutritionCounts(r, s, 2568, term, revision), at()));
    }
  }

  // Order: shuffle the non-directory events (older versions then often arrive after newer ones), weave the
  // directory in (in its own order), and publish a fifth of everything twice.
  r.shuffle(others);
  const publishing: Array<{ envelope: EventEnvelope; msgID: string }> = [];
  let d = 0;
  for (const e of others) {
    if (d < directory.length && r.next() < (directory.length / (others.length + 1)) * 2) {
      publishing.push({ envelope: directory[d]!, msgID: directory[d]!.id });
      d += 1;
    }
    publishing.push({ envelope: e, msgID: e.id });
    if (r.next() < 0.2) publishing.push({ envelope: e, msgID: randomUUID() });
  }
  for (; d < directory.length; d++) publishing.push({ envelope: directory[d]!, msgID: directory[d]!.id });
  // The directory stream keeps the latest record per school only: an earlier version may be gone before the
  // consumer reads it, so the events the consumers must have handled are the others and the latest records.
  const latestDirectory = new Map<string, EventEnvelope>();
  for (const e of directory) latestDirectory.set(e.aggregateId, e);
  const mustHandle = [...others, ...latestDirectory.values()].map((e) => e.id);
  return { schools, publishing, mustHandle, all: [...directory, ...others] };
}

/** One school day's attendance totals, random but consistent (the statuses and unmarked add up to enrolled). */
export function attendanceDay(r: ReturnType<typeof rng>, s: SchoolFacts, date: string, revision: number) {
  const enrolled = r.next() < 0.05 ? 0 : r.int(1, 60);
  const unmarked = r.int(0, Math.min(enrolled, 4));
  let left = enrolled - unmarked;
  const take = (max: number) => {
    const n = r.int(0, Math.min(left, max));
    left -= n;
    return n;
  };
  const absent = take(5);
  const late = take(4);
  const sickLeave = take(3);
  const personalLeave = take(2);
  return {
    schoolId: s.id,
    schoolCode: s.obecCode,
    areaOfficeCode: s.areaOfficeCode,
    provinceCode: s.areaOfficeCode.slice(0, 2),
    date,
    revision,
    enrolled,
    present: left,
    absent,
    late,
    sickLeave,
    personalLeave,
    unmarked,
  };
}

/**
 * One school-term's nutrition counts, random but consistent (the weight-for-height statuses add up to the
 * children assessed on it, at most the children measured). Revisions are microsecond-sized, as the students
 * subgraph publishes them (`clock_timestamp()`), `revision` orders them.
 */
export function nutritionCounts(
  r: ReturnType<typeof rng>,
  s: SchoolFacts,
  academicYear: number,
  term: number,
  revision: number,
) {
  const measured = r.next() < 0.05 ? 0 : r.int(1, 80);
  const assessedWeightForHeight = measured - r.int(0, Math.min(measured, 3));
  const assessedHeightForAge = measured - r.int(0, Math.min(measured, 3));
  let left = assessedWeightForHeight;
  const take = (max: number) => {
    const n = r.int(0, Math.min(left, max));
    left -= n;
    return n;
  };
  const thin = take(6);
  const somewhatThin = take(5);
  const plump = take(5);
  const overweight = take(6);
  const obese = take(4);
  const ce = academicYear - 543;
  return {
    schoolId: s.id,
    schoolCode: s.obecCode,
    areaOfficeCode: s.areaOfficeCode,
    provinceCode: s.areaOfficeCode.slice(0, 2),
    academicYear,
    term: term as 1 | 2,
    revision: 1_764_000_000_000_000 + revision * 1_000_000 + r.int(0, 999),
    measured,
    assessedWeightForHeight,
    assessedHeightForAge,
    thin,
    somewhatThin,
    normal: left,
    plump,
    overweight,
    obese,
    short: r.int(0, Math.min(assessedHeightForAge, 6)),
    lastMeasuredOn: measured ? `${ce}-${term === 1 ? '06' : '11'}-${r.int(10, 20)}` : null,
  };
}
