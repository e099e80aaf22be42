import { z } from 'zod';
import { parseInput } from '@smss/core';
import { buddhistYearInput } from '@smss/thai';
import { toConnection, toPage, type PageArgs } from '@smss/service-kit';
import type { CorrespondenceContext } from '../context';
import type { DeliveryQuery } from '../modules/circulation/delivery.repository';

/** A page of deliveries the viewer may see (SQL scope; the trust layer checks each one again). */
export async function deliveryPage(ctx: CorrespondenceContext, q: DeliveryQuery, args: PageArgs) {
  const page = toPage(args);
  const { rows, total } = await ctx.domain.repos.deliveries.page(ctx.viewer, q, page);
  return toConnection(rows, page, total);
}

// A year far outside the B.E. calendar is bad input, not a date PostgreSQL cannot make.
const SUMMARY_ARGS = z.object({ year: buddhistYearInput.nullish() });
const SUMMARY_ARGS_TH = { year: 'ปีต้องเป็นปี พ.ศ. เช่น 2569' };

/** Counts of an organisation's deliveries, by calendar year (B.E.) or all. */
export function summaryOf(
  ctx: CorrespondenceContext,
  orgCode: string | null,
  year: number | null | undefined,
) {
  const { year: y } = parseInput(SUMMARY_ARGS, { year }, SUMMARY_ARGS_TH);
  if (!orgCode) return { received: 0, unacknowledged: 0, overdue: 0 };
  return ctx.loaders.summary.load(`${orgCode}|${y ?? ''}`);
}
