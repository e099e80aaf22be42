import { ok, tokenFor } from '@smss/testing';
import { AGREEMENT_FIELDS, CREATE, startExchange, termsFor, type ExchangeHarness } from './support';

let h: ExchangeHarness;
let t: Record<'admin' | 'analyst' | 'area' | 'school' | 'eef' | 'other', string>;
let area: string;

const UPDATE = `mutation($code: String!, $v: Int!, $input: PartnerAgreementInput!) {
  updatePartnerAgreement(partnerCode: $code, expectedVersion: $v, input: $input) { ${AGREEMENT_FIELDS} } }`;
const REVOKE = `mutation($code: String!, $reason: String!) { revokePartnerAgreement(partnerCode: $code, reason: $reason) { status revokedReason inForce version } }`;
const ROTATE = `mutation($code: String!) { rotatePartnerPseudonymKey(partnerCode: $code) { keyVersion version } }`;
const REGISTER = `mutation($code: String!, $name: String!, $doc: String!) {
  registerPartnerOperation(partnerCode: $code, name: $name, document: $doc) { operations { name sha256 } } }`;
const IN_FORCE = `{ partnerAgreementInForce { partnerCode keyVersion areaOfficeCodes include { type fields } allowedOperations { sha256 document } } }`;
const ONE = `query($code: String!) { partnerAgreement(partnerCode: $code) { partnerCode } }`;
const outbox = async () =>
  (await h.service.dataSource.query(
    `SELECT subject, envelope->'payload'->>'change' AS change FROM outbox_event ORDER BY occurred_at, id`,
  )) as Array<{ subject: string; change: string }>;

beforeAll(async () => {
  h = await startExchange();
  area = (await h.addSchool('9611')).areaOfficeCode;
  await h.addSchool('9612');
  t = {
    admin: await tokenFor('obec-admin', 'OBEC'),
    analyst: await tokenFor('obec-analyst', 'OBEC'),
    area: await tokenFor('area-officer', '9611'),
    school: await tokenFor('school-staff', '1096110001'),
    eef: await tokenFor('partner', 'EEF'),
    other: await tokenFor('partner', 'QINFO'),
  };
});
afterAll(() => h?.stop());

describe('partner agreements as data', () => {
  it('lets only OBEC administrators create one, and refuses bad terms with every problem in Thai, writing nothing', async () => {
    for (const token of [t.analyst, t.area, t.school, t.eef]) {
      const r = await h.q(CREATE, { input: termsFor('EEF', area) }, token);
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    }
    const bad = await h.q(
      CREATE,
      {
        input: termsFor('EEF', '9699', {
          include: [{ type: 'Student', fields: ['pseudonym', 'nationalId', 'firstNameTh'] }],
          validFrom: '2027-01-01',
          validTo: '2026-01-01',
        }),
      },
      t.admin,
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const problems = bad.errors![0]!.extensions!.problems as Array<{ field: string; messageTh: string }>;
    expect(problems.map((p) => p.field).sort()).toEqual(['include', 'include', 'validTo']);
    expect(problems.find((p) => p.messageTh.includes('nationalId'))?.messageTh).toContain(
      'ข้อมูลระบุตัวตนโดยตรง',
    );
    const unknownArea = await h.q(CREATE, { input: termsFor('EEF', '9699') }, t.admin);
    expect(unknownArea.errors?.[0]?.extensions?.problems?.[0]?.messageTh).toBe(
      'ไม่พบเขตพื้นที่ 9699 ในทะเบียนสถานศึกษา',
    );
    expect(
      ok(await h.q(`{ partnerAgreements(includeRevoked: true) { id } }`, {}, t.admin)).partnerAgreements,
    ).toEqual([]);
    expect(await outbox()).toEqual([]);
  });

  it('creates one per partner, with history and an event; a second for the same partner is CONFLICT', async () => {
    const a = ok(await h.q(CREATE, { input: termsFor('EEF', area) }, t.admin)).createPartnerAgreement;
    expect(a).toMatchObject({
      partnerCode: 'EEF',
      status: 'ACTIVE',
      inForce: true,
      keyVersion: 1,
      version: 1,
    });
    expect(a.history).toEqual([expect.objectContaining({ action: 'CREATED', by: 'test:obec-admin:OBEC' })]);
    const again = await h.q(CREATE, { input: termsFor('EEF', area) }, t.admin);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'AGREEMENT_EXISTS' });
    expect(await outbox()).toEqual([{ subject: 'exchange.partner-agreement.changed.v1', change: 'CREATED' }]);
  });

  it('shows a partner its own agreement only; others see nothing of it', async () => {
    expect(ok(await h.q(ONE, { code: 'EEF' }, t.eef)).partnerAgreement).toEqual({ partnerCode: 'EEF' });
    expect(ok(await h.q(ONE, { code: 'EEF' }, t.other)).partnerAgreement).toBeNull();
    expect(ok(await h.q(ONE, { code: 'EEF' }, t.area)).partnerAgreement).toBeNull();
    expect(ok(await h.q(`{ partnerAgreements { partnerCode } }`, {}, t.other)).partnerAgreements).toEqual([]);
    expect(ok(await h.q(`{ partnerAgreements { partnerCode } }`, {}, t.analyst)).partnerAgreements).toEqual([
      { partnerCode: 'EEF' },
    ]);
    expect(ok(await h.q(IN_FORCE, {}, t.other)).partnerAgreementInForce).toBeNull();
    expect(ok(await h.q(IN_FORCE, {}, t.admin)).partnerAgreementInForce).toBeNull();
    // `_entities` under the same rule: the partner and OBEC get it; another partner and unknown ids get null.
    const { id } = ok(
      await h.q(`{ partnerAgreement(partnerCode: "EEF") { id } }`, {}, t.admin),
    ).partnerAgreement;
    const entities = (token: string) =>
      h.q(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on PartnerAgreement { partnerCode } } }`,
        {
          r: [
            { __typename: 'PartnerAgreement', id },
            { __typename: 'PartnerAgreement', id: 'not-a-uuid' },
          ],
        },
        token,
      );
    expect(ok(await entities(t.eef))._entities).toEqual([{ partnerCode: 'EEF' }, null]);
    expect(ok(await entities(t.admin))._entities).toEqual([{ partnerCode: 'EEF' }, null]);
    expect(ok(await entities(t.other))._entities).toEqual([null, null]);
  });

  it('tells the gateway the agreement in force with its operations, and follows updates, rotation and revocation', async () => {
    const before = ok(await h.q(IN_FORCE, {}, t.eef)).partnerAgreementInForce;
    expect(before).toMatchObject({ partnerCode: 'EEF', keyVersion: 1, areaOfficeCodes: [area] });
    const doc = '{ schools(first: 1) { totalCount } }';
    const [reg] = ok(await h.q(REGISTER, { code: 'EEF', name: 'นับโรงเรียน', doc }, t.admin))
      .registerPartnerOperation.operations;
    expect(reg.sha256).toMatch(/^[0-9a-f]{64}$/);
    const after = ok(await h.q(IN_FORCE, {}, t.eef)).partnerAgreementInForce;
    expect(after.allowedOperations).toContainEqual({ sha256: reg.sha256, document: doc });
    const bad = await h.q(REGISTER, { code: 'EEF', name: 'x', doc: '{ not graphql' }, t.admin);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const current = ok(
      await h.q(ONE.replace('partnerCode }', 'version }'), { code: 'EEF' }, t.admin),
    ).partnerAgreement;
    const stale = await h.q(
      UPDATE,
      { code: 'EEF', v: current.version - 1, input: termsFor('EEF', area) },
      t.admin,
    );
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    const renamed = await h.q(
      UPDATE,
      { code: 'EEF', v: current.version, input: termsFor('OTHER', area) },
      t.admin,
    );
    expect(renamed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const updated = ok(
      await h.q(
        UPDATE,
        { code: 'EEF', v: current.version, input: termsFor('EEF', area, { purposes: ['วิจัย'] }) },
        t.admin,
      ),
    ).updatePartnerAgreement;
    expect(updated.purposes).toEqual(['วิจัย']);

    expect(ok(await h.q(ROTATE, { code: 'EEF' }, t.admin)).rotatePartnerPseudonymKey.keyVersion).toBe(2);
    expect(ok(await h.q(IN_FORCE, {}, t.eef)).partnerAgreementInForce.keyVersion).toBe(2);

    const revoked = ok(
      await h.q(REVOKE, { code: 'EEF', reason: 'สิ้นสุดโครงการ' }, t.admin),
    ).revokePartnerAgreement;
    expect(revoked).toMatchObject({ status: 'REVOKED', inForce: false, revokedReason: 'สิ้นสุดโครงการ' });
    expect(ok(await h.q(IN_FORCE, {}, t.eef)).partnerAgreementInForce).toBeNull();
    const history: { partnerAgreements: Array<{ history: Array<{ action: string }> }> } = ok(
      await h.q(`{ partnerAgreements(includeRevoked: true) { history { action } } }`, {}, t.admin),
    );
    expect(history.partnerAgreements[0]!.history.map((c) => c.action)).toEqual([
      'CREATED',
      'OPERATION_REGISTERED',
      'UPDATED',
      'KEY_ROTATED',
      'REVOKED',
    ]);
    expect((await outbox()).map((e) => e.change)).toEqual([
      'CREATED',
      'OPERATION_REGISTERED',
      'UPDATED',
      'KEY_ROTATED',
      'REVOKED',
    ]);
  });

  it('keeps an agreement out of force outside its period', async () => {
    ok(
      await h.q(
        CREATE,
        { input: termsFor('QINFO', area, { validFrom: '2020-01-01', validTo: '2020-12-31' }) },
        t.admin,
      ),
    );
    expect(ok(await h.q(IN_FORCE, {}, t.other)).partnerAgreementInForce).toBeNull();
    expect(
      ok(await h.q(ONE.replace('partnerCode }', 'inForce }'), { code: 'QINFO' }, t.other)).partnerAgreement,
    ).toEqual({
      inForce: false,
    });
  });
});
