import type { GraphQLSchema } from 'graphql';
import { costDirectivesFrom, DEFAULT_LIMITS, measureOperation } from '@smss/service-kit';
import { costLimitedPieces, schemaFromSdlFile, tokenFor, trustReader } from '@smss/testing';
import { syntheticNationalId } from '@smss/thai';
import { readTrustModel, type TrustModel } from '@smss/trust';
import { SCHEMA_PATH, typeDefs } from '../src/server';
import {
  assetInput,
  buildingInput,
  M,
  ok,
  procurementInput,
  type AssetsHarness,
  type TestSchool,
} from './support';

/*
 * Fixtures for the generated trust tests (matrix, audit completeness): schools with one record of every
 * assets type each, carrying synthetic personal values the tests look for in responses, and what the
 * matrix helpers of @smss/testing need to know of this subgraph (its schema, trust model, arguments and
 * cost limit).
 */

export const TODAY = '2026-10-15';
export const schema: GraphQLSchema = schemaFromSdlFile(SCHEMA_PATH);
export const model: TrustModel = readTrustModel(schema);
/** Which types are records (owned by a school, area office or partner) and which fields personal. */
export const reader = trustReader(model);

/** One school's records and the raw personal values they hold. */
export interface SchoolWorld {
  school: TestSchool;
  buildingId: string;
  assetId: string;
  procurementId: string;
  companyProcurementId: string;
  stockTakeId: string;
  surveyId: string;
  /** Raw personal values that must never leave masked-out or out of scope. */
  raw: {
    custodian: string;
    committee: string;
    procurementCommittee: string;
    inspector: string;
    vendorName: string;
    vendorTaxId: string;
    recipient: string;
  };
  company: { name: string; taxId: string };
}

export const rawValues = (w: SchoolWorld): string[] => Object.values(w.raw);

const uuidOf = (seed: number, kind: number) =>
  `${String(seed).padStart(8, '0')}-${String(kind).padStart(4, '0')}-4000-8000-${String(seed * 10 + kind).padStart(12, '0')}`;

/**
 * A school with a record of every assets type: a building with a repair, a submitted survey, an asset held
 * by a custodian with a pending sale to a person, a stock-take with its committee and results, a received
 * procurement from a person (committee, inspector) and one from a company, and its infrastructure.
 */
export async function schoolWorld(
  h: AssetsHarness,
  tag: string,
  seed: number,
  areaOfficeCode: string,
): Promise<SchoolWorld> {
  const school = await h.addSchool(areaOfficeCode);
  const staff = await tokenFor('school-staff', school.obecCode);
  const director = await tokenFor('school-director', school.obecCode);
  const raw = {
    custodian: uuidOf(seed, 1),
    committee: uuidOf(seed, 2),
    procurementCommittee: uuidOf(seed, 3),
    inspector: uuidOf(seed, 4),
    vendorName: `นายผู้ขาย${tag}`,
    vendorTaxId: syntheticNationalId(seed),
    recipient: `นายผู้ซื้อ${tag}`,
  };
  const company = { name: `บริษัทครุภัณฑ์${tag} จำกัด`, taxId: '0105536000011' };
  const building = ok(
    await h.q(M.building, { i: buildingInput(school.id, { name: `อาคาร ${tag}` }) }, staff),
  ).recordBuilding;
  ok(
    await h.q(
      M.repair,
      {
        i: {
          buildingId: building.id,
          repairedOn: '2026-10-01',
          description: 'ซ่อมหลังคา',
          cost: '5000.00',
          budgetSource: 'OBEC_BUDGET',
        },
      },
      staff,
    ),
  );
  const survey = ok(await h.q(M.submit, { s: school.id, fy: 2570 }, staff)).submitBuildingSurvey;
  const asset = ok(
    await h.q(
      M.asset,
      {
        i: assetInput(school.id, {
          buildingId: building.id,
          custodianStaffId: raw.custodian,
          location: 'ห้อง 1',
        }),
      },
      staff,
    ),
  ).registerAsset;
  const spare = ok(
    await h.q(
      M.asset,
      { i: assetInput(school.id, { categoryCode: '7110-002', cost: '3500.00', description: 'เก้าอี้' }) },
      staff,
    ),
  ).registerAsset;
  ok(
    await h.q(
      M.requestDisposal,
      {
        i: {
          assetId: spare.id,
          method: 'SALE',
          reason: 'ชำรุด',
          proceeds: '100.00',
          recipient: raw.recipient,
        },
      },
      staff,
    ),
  );
  const procurement = ok(
    await h.q(
      M.procurement,
      {
        i: procurementInput(school.id, {
          reference: `ซ ${tag}/1`,
          orderedOn: '2026-10-02',
          vendor: { kind: 'PERSON', name: raw.vendorName, taxId: raw.vendorTaxId },
          committeeStaffIds: [raw.procurementCommittee],
          items: [
            {
              description: 'เครื่องพิมพ์',
              quantity: 1,
              unitPrice: '7900.00',
              assetCategoryCode: '7440-004',
              assetUsage: 'ADMINISTRATION',
            },
          ],
        }),
      },
      staff,
    ),
  ).recordProcurement;
  ok(
    await h.q(
      M.receive,
      { id: procurement.id, i: { receivedOn: '2026-10-10', inspectionCommitteeStaffIds: [raw.inspector] } },
      staff,
    ),
  );
  const companyProcurement = ok(
    await h.q(
      M.procurement,
      {
        i: procurementInput(school.id, {
          reference: `ซ ${tag}/2`,
          orderedOn: '2026-10-03',
          vendor: { kind: 'ORGANISATION', ...company },
          committeeStaffIds: [raw.procurementCommittee],
          items: [{ description: 'หมึกพิมพ์', quantity: 2, unitPrice: '500.00' }],
        }),
      },
      staff,
    ),
  ).recordProcurement;
  const take = ok(
    await h.q(
      M.openStockTake,
      { i: { schoolId: school.id, fiscalYear: 2570, committeeStaffIds: [raw.committee] } },
      director,
    ),
  ).openStockTake;
  ok(await h.q(M.recordResults, { id: take.id, r: [{ assetId: asset.id, result: 'FOUND' }] }, staff));
  ok(
    await h.q(
      M.infrastructure,
      {
        i: {
          schoolId: school.id,
          internet: { connected: true, connectionType: 'FIBRE', provider: 'NT', downloadMbps: 100 },
          electricity: 'GRID',
          waterSources: ['PIPED'],
        },
      },
      staff,
    ),
  );
  return {
    school,
    buildingId: building.id,
    assetId: asset.id,
    procurementId: procurement.id,
    companyProcurementId: companyProcurement.id,
    stockTakeId: take.id,
    surveyId: survey.id,
    raw,
    company,
  };
}

// ---- generated selections ---------------------------------------------------------------------

/** Arguments of the fields that need them, for `selectionTree(schema, type, depth, ARGS)`. */
export const ARGS: Record<string, string> = {
  'School.procurements': '(fiscalYear: 2570, first: 10)',
  'School.buildingSurvey': '(fiscalYear: 2570)',
  'School.stockTake': '(fiscalYear: 2570)',
  'School.assets': '(first: 10)',
  'AreaOffice.assetSummary': '(fiscalYear: 2570)',
  'Province.assetSummary': '(fiscalYear: 2570)',
};

/** A type's selection tree in pieces the subgraph's own cost limit (DEFAULT_LIMITS) accepts. */
export const piecesUnderCost = costLimitedPieces(
  schema,
  ARGS,
  DEFAULT_LIMITS,
  costDirectivesFrom(typeDefs),
  measureOperation,
);

/** The id the audit writes for a record object in a response (Infrastructure: its school's id). */
export function recordIdOf(type: string, obj: Record<string, unknown>): string | undefined {
  if (typeof obj.id === 'string') return obj.id;
  if (type === 'Infrastructure') return (obj.school as { id?: string } | undefined)?.id;
  return undefined;
}
