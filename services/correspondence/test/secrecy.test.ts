import type { Role } from '@smss/auth';
import { rawLeaks } from '@smss/testing';
import { codeOf, M, ok, startCorrespondence, type CorrespondenceHarness, type TestSchool } from './support';

/**
 * The secrecy matrix: every level × every kind of viewer × recipient or not. Secrecy is authorisation, on
 * the trust layer: a secret letter (ลับ, ลับมาก, ลับที่สุด) is visible only to the people named on it and the
 * secret-document registrars of the organisations involved — not to OBEC administrators, not to the rest
 * of the sending or receiving organisation — on every path: by id, in lists and their counts, through
 * `_entities`, as the details of its register row, in an inbox. ลับที่สุด never travels electronically.
 */
let h: CorrespondenceHarness;
let r: TestSchool; // the recipient school (area 9801)
let o: TestSchool; // another school of the same area, not a recipient
const LEVELS = ['NORMAL', 'CONFIDENTIAL', 'SECRET', 'TOP_SECRET'] as const;
type Level = (typeof LEVELS)[number];
const letters = {} as Record<Level, { id: string; subject: string }>;

interface Who {
  name: string;
  role: Role;
  org: () => string;
  subject: string;
  /** Which levels it sees. */
  sees: (level: Level) => boolean;
  recipient: boolean;
}

const all = () => true;
const normalOnly = (l: Level) => l === 'NORMAL';
const WHO: Who[] = [
  {
    name: 'the author (sender’s officer)',
    role: 'area-officer',
    org: () => '9801',
    subject: 'author:9801',
    sees: all,
    recipient: false,
  },
  {
    name: 'the sender’s registrar',
    role: 'area-director',
    org: () => '9801',
    subject: 'registrar:9801',
    sees: all,
    recipient: false,
  },
  {
    name: 'another officer of the sender',
    role: 'area-officer',
    org: () => '9801',
    subject: 'other:9801',
    sees: normalOnly,
    recipient: false,
  },
  {
    name: 'an OBEC administrator',
    role: 'obec-admin',
    org: () => 'OBEC',
    subject: 'admin:OBEC',
    sees: normalOnly,
    recipient: false,
  },
  {
    name: 'an OBEC analyst',
    role: 'obec-analyst',
    org: () => 'OBEC',
    subject: 'analyst:OBEC',
    sees: normalOnly,
    recipient: false,
  },
  {
    name: 'the recipient’s registrar',
    role: 'school-director',
    org: () => r.obecCode,
    subject: 'registrar:R',
    sees: (l) => l !== 'TOP_SECRET',
    recipient: true,
  },
  {
    name: 'the named recipient',
    role: 'school-staff',
    org: () => r.obecCode,
    subject: 'named:R',
    sees: all,
    recipient: true,
  },
  {
    name: 'staff of the recipient not named',
    role: 'school-staff',
    org: () => r.obecCode,
    subject: 'staff:R',
    sees: normalOnly,
    recipient: true,
  },
  {
    name: 'the recipient’s registrar signed in for another school',
    role: 'school-staff',
    org: () => o.obecCode,
    subject: 'registrar:R',
    sees: () => false,
    recipient: false,
  },
  {
    name: 'the registrar of a school that is not a recipient',
    role: 'school-director',
    org: () => o.obecCode,
    subject: 'registrar:O',
    sees: () => false,
    recipient: false,
  },
  {
    name: 'the officer of another area',
    role: 'area-officer',
    org: () => '9802',
    subject: 'officer:9802',
    sees: () => false,
    recipient: false,
  },
  {
    name: 'a partner',
    role: 'partner',
    org: () => 'EEF',
    subject: 'partner:EEF',
    sees: () => false,
    recipient: false,
  },
];

const tokenOf = (w: Who) => h.as(w.role, w.org(), w.subject);
const year = () => new Date(h.clock.now.getTime() + 7 * 3600_000).getUTCFullYear() + 543;

beforeAll(async () => {
  h = await startCorrespondence();
  r = await h.addSchool('9801');
  o = await h.addSchool('9801');
  await h.configure('9801', '9802', r.obecCode, o.obecCode);
  const admin = await h.as('obec-admin', 'OBEC');
  for (const [org, subject] of [
    ['9801', 'registrar:9801'],
    [r.obecCode, 'registrar:R'],
    [o.obecCode, 'registrar:O'],
  ])
    ok(await h.q(M.designate, { i: { orgCode: org, subject } }, admin));
  const author = await tokenOf(WHO[0]!);
  for (const level of LEVELS) {
    const subject = `เรื่องทดสอบชั้นความลับ ${level} ลับเฉพาะ${level}`;
    const sent = ok(
      await h.q(
        M.send,
        {
          i: {
            kind: 'EXTERNAL',
            subject,
            secrecy: level,
            body: level === 'TOP_SECRET' ? null : `ข้อความของหนังสือ ${level}`,
            toText: 'ผู้อำนวยการโรงเรียน',
            namedRecipients: ['named:R'],
            recipients: level === 'TOP_SECRET' ? null : { orgCodes: [r.obecCode] },
          },
        },
        author,
      ),
    ).sendLetter;
    letters[level] = { id: sent.id, subject };
  }
});
afterAll(() => h?.stop());

describe('the secrecy matrix', () => {
  it('shows each level of letter to exactly the viewers cleared for it, on every path', async () => {
    let cells = 0;
    const failures: string[] = [];
    for (const w of WHO) {
      const token = await tokenOf(w);
      for (const level of LEVELS) {
        const { id, subject } = letters[level];
        const want = w.sees(level);
        const where = `${w.name} × ${level}`;
        const byId = await h.q(`query($id: ID!) { letter(id: $id) { id subject body } }`, { id }, token);
        const list = await h.q(
          `query($f: LetterFilter) { letters(filter: $f, first: 100) { totalCount edges { node { id } } } }`,
          { f: { secrecy: level } },
          token,
        );
        const ent = await h.q(
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on Letter { ... @include(if: true) { id subject } } } }`,
          { r: [{ __typename: 'Letter', id }] },
          token,
        );
        const search = await h.q(
          `query($f: LetterFilter) { letters(filter: $f) { totalCount } }`,
          { f: { search: `ลับเฉพาะ${level}` } },
          token,
        );
        const got = {
          byId: byId.data?.letter?.id === id,
          list: list.data?.letters.edges.some((e: any) => e.node.id === id) ?? false,
          counted: (list.data?.letters.totalCount ?? 0) > 0,
          entities: ent.data?._entities?.[0]?.id === id,
          search: (search.data?.letters.totalCount ?? 0) > 0,
        };
        for (const [path, seen] of Object.entries(got)) {
          cells += 1;
          if (seen !== want) failures.push(`${where}: ${path} ${seen ? 'shown' : 'hidden'}`);
        }
        const errors = [byId, list, ent, search].flatMap((x) => x.errors ?? []);
        if (errors.length) failures.push(`${where}: errors ${JSON.stringify(errors)}`);
        if (!want && rawLeaks([byId, list, ent, search], [subject, `ข้อความของหนังสือ ${level}`]).length)
          failures.push(`${where}: the subject or text leaked`);
      }
    }
    expect(failures).toEqual([]);
    expect(cells).toBe(WHO.length * LEVELS.length * 5);
  });

  it('keeps every register row’s number for its organisation and shows its details only to those cleared', async () => {
    for (const w of WHO.filter((x) => x.org() === '9801')) {
      const entries = ok(
        await h.q(
          `query($y: Int!) { correspondenceRegister(kind: SEND, year: $y, first: 100) { totalCount edges { node { number secrecy details { subject } letter { id } } } } }`,
          { y: year() },
          await tokenOf(w),
        ),
      ).correspondenceRegister;
      expect(entries.totalCount).toBe(4); // gapless for everyone in the organisation
      for (const e of entries.edges.map((x: any) => x.node)) {
        const level = e.secrecy as Level;
        expect([w.name, level, e.details?.subject ?? null]).toEqual([
          w.name,
          level,
          w.sees(level) ? letters[level].subject : null,
        ]);
        expect([w.name, level, e.letter?.id ?? null]).toEqual([
          w.name,
          level,
          w.sees(level) ? letters[level].id : null,
        ]);
      }
    }
  });

  it('shows the recipient’s staff that a secret letter arrived, and its level, but not the letter', async () => {
    for (const w of WHO.filter((x) => x.recipient)) {
      const inbox = ok(await h.q(M.inbox, {}, await tokenOf(w))).inbox;
      for (const level of ['NORMAL', 'CONFIDENTIAL', 'SECRET'] as const) {
        const d = inbox.edges.map((e: any) => e.node).find((n: any) => n.secrecy === level);
        expect([w.name, level, !!d]).toEqual([w.name, level, true]);
        expect([w.name, level, d.letter?.subject ?? null]).toEqual([
          w.name,
          level,
          w.sees(level) ? letters[level].subject : null,
        ]);
      }
      expect(inbox.edges.some((e: any) => e.node.secrecy === 'TOP_SECRET')).toBe(false);
    }
  });

  it('lets only those cleared receive or acknowledge a secret letter', async () => {
    const rows = await h.service.dataSource.query(`SELECT id FROM delivery WHERE letter_id = $1`, [
      letters.SECRET.id,
    ]);
    const notNamed = await tokenOf(WHO.find((w) => w.subject === 'staff:R')!);
    expect(codeOf(await h.q(M.acknowledge, { i: { deliveryId: rows[0].id } }, notNamed))).toBe('FORBIDDEN');
    const registrar = await tokenOf(WHO.find((w) => w.subject === 'registrar:R')!);
    expect(
      ok(await h.q(M.acknowledge, { i: { deliveryId: rows[0].id } }, registrar)).acknowledgeLetter.id,
    ).toBe(letters.SECRET.id);
  });

  it('never sends ลับที่สุด electronically and keeps its text and attachments off the system', async () => {
    const author = await tokenOf(WHO[0]!);
    const electronic = await h.q(
      M.send,
      {
        i: {
          kind: 'EXTERNAL',
          subject: 'ลับที่สุด',
          secrecy: 'TOP_SECRET',
          recipients: { orgCodes: [r.obecCode] },
        },
      },
      author,
    );
    expect(codeOf(electronic)).toBe('BAD_USER_INPUT');
    expect(electronic.errors?.[0]?.extensions?.messageTh).toMatch(/ห้ามส่งทางระบบสารบรรณอิเล็กทรอนิกส์/);
    const withText = await h.q(
      M.send,
      { i: { kind: 'EXTERNAL', subject: 'ลับที่สุด', secrecy: 'TOP_SECRET', toText: 'x', body: 'ข้อความลับ' } },
      author,
    );
    expect(withText.errors?.[0]?.extensions?.problems.map((p: any) => p.field)).toEqual(['body']);
    const recorded = ok(
      await h.q(
        `query($id: ID!) { letter(id: $id) { channel body deliveries { totalCount } } }`,
        { id: letters.TOP_SECRET.id },
        author,
      ),
    ).letter;
    expect(recorded).toEqual({ channel: 'PAPER', body: null, deliveries: { totalCount: 0 } });
    const events = await h.service.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox_event WHERE aggregate_id = $1`,
      [letters.TOP_SECRET.id],
    );
    expect(events[0].n).toBe(0);
  });

  it('sends a secret letter only to organisations with a registrar to receive it, and never to everyone', async () => {
    const author = await tokenOf(WHO[0]!);
    const noRegistrar = await h.addSchool('9801');
    const res = await h.q(
      M.send,
      {
        i: {
          kind: 'EXTERNAL',
          subject: 'ลับ',
          secrecy: 'CONFIDENTIAL',
          recipients: { orgCodes: [noRegistrar.obecCode] },
        },
      },
      author,
    );
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.errors?.[0]?.extensions?.messageTh).toMatch(/นายทะเบียนเอกสารลับ/);
    const broad = await h.q(
      M.send,
      { i: { kind: 'EXTERNAL', subject: 'ลับ', secrecy: 'SECRET', recipients: { allSchools: true } } },
      author,
    );
    expect(codeOf(broad)).toBe('BAD_USER_INPUT');
  });
});
