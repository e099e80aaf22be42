import { applySchoolToReplica } from '@smss/events';
import { bootService, type RunningService } from '@smss/service-kit';
import {
  gql,
  startTestSubgraph,
  testReplicaSchool,
  type GraphQLResponse,
  type TestDatabase,
  type TestReplicaSchool,
} from '@smss/testing';
import { createAssetsService, type AssetsServiceOptions } from '../src/server';

/** A school as the tests put it into the directory replica. */
export type TestSchool = TestReplicaSchool;

export interface AssetsHarness {
  service: RunningService;
  db: TestDatabase;
  /** POST to the subgraph as the gateway would (signed gateway assertion, optional bearer token). */
  q: (query: string, variables?: Record<string, unknown>, token?: string) => Promise<GraphQLResponse>;
  /** A school in this service's directory replica, as `schools.school.upserted` would put it there. */
  addSchool: (
    areaOfficeCode: string,
    options?: { schoolType?: string; id?: string; obecCode?: string },
  ) => Promise<TestSchool>;
  sql: <T = any>(query: string, params?: unknown[]) => Promise<T[]>;
  stop: () => Promise<void>;
}

let schoolSeq = 0;

/**
 * A real assets subgraph on a fresh database. Its consumers and relay are off: the tests feed the
 * directory replica directly and read the outbox table, so nothing else on the shared NATS reaches them.
 */
export async function startAssets(options: AssetsServiceOptions = {}): Promise<AssetsHarness> {
  const { service, db, stop } = await startTestSubgraph('assets', (config, logger) =>
    bootService(createAssetsService(options), { ...config, runRelay: false, runConsumers: false }, logger),
  );
  const addSchool: AssetsHarness['addSchool'] = async (areaOfficeCode, o = {}) => {
    schoolSeq += 1;
    const school = testReplicaSchool(areaOfficeCode, {
      ...(o.id ? { id: o.id } : {}),
      obecCode:
        o.obecCode ?? `10${areaOfficeCode}${String(schoolSeq + (process.pid % 500) * 10).padStart(4, '0')}`,
      schoolType: o.schoolType ?? 'PRIMARY',
    });
    await service.dataSource.transaction((m) => applySchoolToReplica(m, school, new Date().toISOString()));
    return school;
  };
  return {
    service,
    db,
    q: (query, variables = {}, token) => gql(service.url, query, variables, { token }),
    addSchool,
    sql: (query, params = []) => service.dataSource.query(query, params),
    stop,
  };
}

export { ok } from '@smss/testing';

/** The first error's code and reason. */
export const refusal = (res: GraphQLResponse) => ({
  code: res.errors?.[0]?.extensions?.code,
  reason: res.errors?.[0]?.extensions?.reason,
});

export const M = {
  building: `mutation($i: RecordBuildingInput!) { recordBuilding(input: $i) {
    id name category type { code } modelCode modelKnown yearBuilt condition conditionAssessedOn floorArea version
    rooms { use count } school { id } } }`,
  updateBuilding: `mutation($id: ID!, $v: Int!, $i: UpdateBuildingInput!) { updateBuilding(id: $id, expectedVersion: $v, input: $i) {
    id name condition conditionAssessedOn status version } }`,
  repair: `mutation($i: RecordBuildingRepairInput!) { recordBuildingRepair(input: $i) { id repairedOn fiscalYear cost building { id } } }`,
  importBuildings: `mutation($i: ImportBuildingsInput!) { importBuildings(input: $i) {
    rows created updated unchanged rejected dryRun problems { row column messageEn messageTh } } }`,
  schedule: `mutation($i: ScheduleBuildingSurveyRoundInput!) { scheduleBuildingSurveyRound(input: $i) {
    id fiscalYear opensOn closesOn status closedAt } }`,
  submit: `mutation($s: ID!, $fy: Int!) { submitBuildingSurvey(schoolId: $s, fiscalYear: $fy) {
    id status frozen fiscalYear conditionCounts { good needsRepair dilapidated unsafe total } lines { buildingId name condition classrooms } } }`,
  review: `mutation($id: ID!, $d: SurveyDecision!, $n: String) { reviewBuildingSurvey(id: $id, decision: $d, note: $n) {
    id status reviewNote reviewedAt } }`,
  close: `mutation($fy: Int!) { closeBuildingSurveyRound(fiscalYear: $fy) { id status closedAt } }`,
  asset: `mutation($i: RegisterAssetInput!) { registerAsset(input: $i) {
    id code capitalised usefulLifeYears cost acquiredOn fiscalYearAcquired status version category { code } } }`,
  updateAsset: `mutation($id: ID!, $v: Int!, $i: UpdateAssetInput!) { updateAsset(id: $id, expectedVersion: $v, input: $i) { id status location version } }`,
  requestDisposal: `mutation($i: RequestAssetDisposalInput!) { requestAssetDisposal(input: $i) { id status asset { id status } } }`,
  decideDisposal: `mutation($id: ID!, $a: Boolean!, $on: String, $n: String) { decideAssetDisposal(id: $id, approve: $a, disposedOn: $on, note: $n) {
    id status disposedOn bookValueAtDisposal gainOrLoss proceeds asset { id status bookValue(asOf: "2027-03-31") } } }`,
  openStockTake: `mutation($i: OpenStockTakeInput!) { openStockTake(input: $i) { id status counts { onRegister found missing damaged notCounted } } }`,
  recordResults: `mutation($id: ID!, $r: [StockTakeResultInput!]!) { recordStockTakeResults(stockTakeId: $id, results: $r) {
    id counts { onRegister found missing damaged notCounted } } }`,
  completeStockTake: `mutation($id: ID!) { completeStockTake(id: $id) { id status completedOn counts { found missing damaged notCounted } } }`,
  procurement: `mutation($i: RecordProcurementInput!) { recordProcurement(input: $i) {
    id fiscalYear status contractAmount method items { lineNo amount assetCategory { code } } } }`,
  receive: `mutation($id: ID!, $i: ReceiveProcurementInput!) { receiveProcurement(id: $id, input: $i) {
    id status receivedOn assets(first: 50) { totalCount edges { node { id code cost acquiredOn procurement { id } } } } } }`,
  infrastructure: `mutation($i: ReportInfrastructureInput!) { reportInfrastructure(input: $i) {
    version reportedOn electricity waterSources internet { connected connectionType downloadMbps }
    teachingComputers { total underThreeYears threeToFiveYears overFiveYears averageAgeYears } } }`,
};

/** A valid building input for a school. */
export const buildingInput = (schoolId: string, over: Record<string, unknown> = {}) => ({
  schoolId,
  name: 'อาคาร 1',
  typeCode: 'CLASSROOM_ONPEC',
  modelCode: 'สปช.105/29',
  yearBuilt: 2530,
  budgetSource: 'OBEC_BUDGET',
  floors: 2,
  floorArea: 540.5,
  condition: 'GOOD',
  rooms: [{ use: 'CLASSROOM', count: 5 }],
  ...over,
});

export const assetInput = (schoolId: string, over: Record<string, unknown> = {}) => ({
  schoolId,
  categoryCode: '7440-002',
  description: 'เครื่องคอมพิวเตอร์โน้ตบุ๊ก',
  acquisitionMethod: 'PURCHASE',
  acquiredOn: '2025-10-01',
  cost: '24500.00',
  usage: 'TEACHING',
  ...over,
});

export const STAFF = (n: number) => `0b7e3a2c-1d4f-4e5a-8b6c-${String(n).padStart(12, '0')}`;

export const procurementInput = (schoolId: string, over: Record<string, unknown> = {}) => ({
  schoolId,
  reference: `ซ ${Math.floor(Math.random() * 1e6)}/2570`,
  subject: 'ซื้อเครื่องคอมพิวเตอร์โน้ตบุ๊ก',
  kind: 'GOODS',
  method: 'SPECIFIC',
  specificGround: 'AMOUNT_WITHIN_LIMIT',
  budget: '100000.00',
  orderedOn: '2026-11-02',
  vendor: { kind: 'ORGANISATION', name: 'บริษัทศึกษาภัณฑ์ จำกัด', taxId: '0105536000011' },
  committeeStaffIds: [STAFF(1)],
  items: [
    {
      description: 'เครื่องคอมพิวเตอร์โน้ตบุ๊ก',
      quantity: 4,
      unitPrice: '24500.00',
      assetCategoryCode: '7440-002',
      assetUsage: 'TEACHING',
    },
  ],
  ...over,
});

/** Outbox events of a subject (their payloads), oldest first. */
export async function outbox(h: AssetsHarness, subject: string): Promise<Array<Record<string, any>>> {
  const rows = await h.sql<{ envelope: { payload: Record<string, any> } }>(
    `SELECT envelope FROM outbox_event WHERE subject = $1 ORDER BY occurred_at, id`,
    [subject],
  );
  return rows.map((r) => r.envelope.payload);
}
