import type { DmcRoundKind } from '@smss/events';

/**
 * The DMC collection calendar for an academic year (B.E.). Source: OBEC's DMC timelines
 * (e.g. round 1 of 2565: data entry 16 May – 10 June, as of 10 June), as summarised in
 * shared/reference/peer-systems.md §1.4 and the students issue:
 *  - TERM1: as of 10 June, window 16 May – 10 June
 *  - TERM2: as of 10 November, window 15 July – 10 November
 *  - END_OF_YEAR: as of 31 March (the next calendar year), window 1 February – 30 April
 */
export function dmcCalendar(
  academicYear: number,
  round: DmcRoundKind,
): { asOfDate: string; windowStart: string; windowEnd: string } {
  const y = academicYear - 543;
  switch (round) {
    case 'TERM1':
      return { asOfDate: `${y}-06-10`, windowStart: `${y}-05-16`, windowEnd: `${y}-06-10` };
    case 'TERM2':
      return { asOfDate: `${y}-11-10`, windowStart: `${y}-07-15`, windowEnd: `${y}-11-10` };
    case 'END_OF_YEAR':
      return { asOfDate: `${y + 1}-03-31`, windowStart: `${y + 1}-02-01`, windowEnd: `${y + 1}-04-30` };
  }
}
