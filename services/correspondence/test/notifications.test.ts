import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { testLogger } from '@smss/testing';
import { LinePushChannel, SmtpChannel } from '../src/modules/notifications/channels';
import { Notifier } from '../src/modules/notifications/notifier';
import { M, ok, startCorrespondence, type CorrespondenceHarness, type TestSchool } from './support';

/**
 * Notifications over a real local SMTP server (smtp-server) and a local HTTP server that speaks the LINE
 * Messaging API's push endpoint (checks the token, the body and the retry key; can fail on purpose).
 */
let h: CorrespondenceHarness;
let school: TestSchool;
let smtp: SMTPServer;
let smtpPort: number;
const mails: Array<{ to: string; subject: string; text: string }> = [];
let line: Server;
let lineUrl: string;
const pushes: Array<{ to: string; text: string; retryKey: string }> = [];
let lineFailures = 0;
const LINE_TOKEN = 'test-channel-access-token';
const LINE_USER = `U${'a'.repeat(32)}`;

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let b = '';
    req.on('data', (c) => (b += c));
    req.on('end', () => resolve(b));
  });

beforeAll(async () => {
  h = await startCorrespondence();
  school = await h.addSchool('9921');
  await h.configure('9921', school.obecCode);
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((m) => {
          mails.push({
            to: String((m.to as { text: string }).text),
            subject: m.subject ?? '',
            text: m.text ?? '',
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  line = createServer(async (req, res) => {
    const body = await readBody(req);
    if (req.url !== '/v2/bot/message/push' || req.method !== 'POST')
      return void res.writeHead(404).end('{"message":"Not found"}');
    if (req.headers.authorization !== `Bearer ${LINE_TOKEN}`)
      return void res
        .writeHead(401, { 'content-type': 'application/json' })
        .end('{"message":"Authentication failed"}');
    const json = JSON.parse(body);
    const retryKey = String(req.headers['x-line-retry-key'] ?? '');
    if (lineFailures > 0) {
      lineFailures -= 1;
      return void res
        .writeHead(500, { 'content-type': 'application/json' })
        .end('{"message":"Internal error"}');
    }
    if (pushes.some((p) => p.retryKey === retryKey))
      return void res
        .writeHead(409, { 'content-type': 'application/json', 'x-line-accepted-request-id': retryKey })
        .end('{"message":"The retry key is already accepted"}');
    if (!/^U[0-9a-f]{32}$/.test(json.to) || json.messages?.[0]?.type !== 'text')
      return void res
        .writeHead(400, { 'content-type': 'application/json' })
        .end('{"message":"The request body has 1 error(s)"}');
    pushes.push({ to: json.to, text: json.messages[0].text, retryKey });
    res.writeHead(200, { 'content-type': 'application/json', 'x-line-request-id': retryKey });
    res.end(JSON.stringify({ sentMessages: [{ id: '1', quoteToken: 'q' }] }));
  });
  await new Promise<void>((resolve) => line.listen(0, '127.0.0.1', () => resolve()));
  lineUrl = `http://127.0.0.1:${(line.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await h?.stop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise<void>((resolve) => line.close(() => resolve()));
});

const notifier = () =>
  new Notifier(h.service.dataSource, testLogger(), {
    channels: [
      new SmtpChannel(`smtp://127.0.0.1:${smtpPort}`, 'SMSS <no-reply@smss.invalid>'),
      new LinePushChannel(LINE_TOKEN, lineUrl),
    ],
    clock: () => h.clock.now,
  });

const PREFS = `mutation($i: NotificationPreferencesInput!) { setNotificationPreferences(input: $i) { orgCode email lineUserId onDispatch } }`;

describe('notifications', () => {
  it('tells the people of a recipient who asked, by e-mail and LINE, when a letter arrives; once', async () => {
    const staff = await h.as('school-staff', school.obecCode, 'clerk@school');
    ok(
      await h.q(
        PREFS,
        {
          i: {
            email: 'clerk@school.example',
            lineUserId: LINE_USER,
            onDispatch: true,
            onDueReminder: true,
            onUrgentDeadline: true,
          },
        },
        staff,
      ),
    );
    const quiet = await h.as('school-director', school.obecCode, 'quiet@school');
    ok(
      await h.q(
        PREFS,
        {
          i: {
            email: 'quiet@school.example',
            onDispatch: false,
            onDueReminder: false,
            onUrgentDeadline: false,
          },
        },
        quiet,
      ),
    );
    const area = await h.as('area-officer', '9921');
    ok(
      await h.q(
        M.send,
        {
          i: {
            kind: 'EXTERNAL',
            subject: 'ขอเชิญประชุมผู้บริหารสถานศึกษา',
            urgency: 'URGENT',
            recipients: { orgCodes: [school.obecCode] },
          },
        },
        area,
      ),
    );
    const n = notifier();
    expect(await n.runOnce()).toBe(2);
    expect(await n.runOnce()).toBe(0); // nothing twice
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: 'clerk@school.example' });
    expect(mails[0]!.subject).toBe('[ด่วน] มีหนังสือราชการเวียนถึงหน่วยงาน: ขอเชิญประชุมผู้บริหารสถานศึกษา');
    expect(pushes).toHaveLength(1);
    expect(pushes[0]!.to).toBe(LINE_USER);
    expect(pushes[0]!.text).toContain('ขอเชิญประชุมผู้บริหารสถานศึกษา');
    // Someone else's settings are nobody else's to read.
    const mine = ok(
      await h.q(`{ myNotificationPreferences { email lineUserId } }`, {}, staff),
    ).myNotificationPreferences;
    expect(mine).toEqual({ email: 'clerk@school.example', lineUserId: LINE_USER });
  });

  it('reminds a day before an acknowledgement falls due and two hours before an urgent deadline', async () => {
    const area = await h.as('area-officer', '9921');
    const start = h.clock.now;
    const due = new Date(start.getTime() + 30 * 3600_000);
    ok(
      await h.q(
        M.send,
        {
          i: {
            kind: 'EXTERNAL',
            subject: 'รายงานข้อมูลด่วนที่สุด',
            urgency: 'MOST_URGENT',
            dueAt: due.toISOString(),
            recipients: { orgCodes: [school.obecCode] },
          },
        },
        area,
      ),
    );
    const n = notifier();
    await n.runOnce(); // the dispatch notifications
    const before = [mails.length, pushes.length];
    h.clock.now = new Date(due.getTime() - 23 * 3600_000);
    await n.runOnce();
    expect([mails.length, pushes.length]).toEqual([before[0]! + 1, before[1]! + 1]);
    expect(mails.at(-1)!.subject).toMatch(/ใกล้ครบกำหนดตอบรับทราบ/);
    h.clock.now = new Date(due.getTime() - 90 * 60_000);
    await n.runOnce();
    expect(mails.at(-1)!.subject).toMatch(/ใกล้ถึงกำหนดเวลาของหนังสือด่วน/);
    await n.runOnce();
    expect([mails.length, pushes.length]).toEqual([before[0]! + 2, before[1]! + 2]);
    h.clock.now = start;
  });

  it('retries a LINE push that failed, with the same retry key, and never says what a secret letter is about', async () => {
    const admin = await h.as('obec-admin', 'OBEC');
    ok(await h.q(M.designate, { i: { orgCode: school.obecCode, subject: 'clerk@school' } }, admin));
    await h.configure('9921');
    lineFailures = 1;
    const area = await h.as('area-officer', '9921');
    ok(
      await h.q(
        M.send,
        {
          i: {
            kind: 'EXTERNAL',
            subject: 'ผลการสอบสวนวินัย',
            secrecy: 'SECRET',
            recipients: { orgCodes: [school.obecCode] },
          },
        },
        area,
      ),
    );
    const n = notifier();
    const pushesBefore = pushes.length;
    await n.runOnce();
    expect(pushes.length).toBe(pushesBefore); // the push failed (500): retried later
    const [row] = await h.service.dataSource
      .query(`SELECT n.id, n.attempts, n.status FROM notification n JOIN delivery d ON d.id = n.delivery_id JOIN letter l ON l.id = d.letter_id
        WHERE n.channel = 'LINE' AND l.subject = 'ผลการสอบสวนวินัย'`);
    expect(row).toMatchObject({ attempts: 1, status: 'PENDING' });
    h.clock.now = new Date(h.clock.now.getTime() + 60_000);
    await n.runOnce();
    expect(pushes.length).toBe(pushesBefore + 1);
    expect(pushes.at(-1)!.retryKey).toBe(row.id);
    expect(pushes.at(-1)!.text).toContain('ลับมาก');
    expect(pushes.at(-1)!.text).not.toContain('สอบสวน');
    expect(mails.at(-1)!.text).not.toContain('สอบสวน');
  });

  it('gives up on a LINE push its server refuses for good (400) and does not retry it', async () => {
    const ch = new LinePushChannel(LINE_TOKEN, lineUrl);
    await expect(
      ch.send({
        to: 'not-a-user',
        title: 't',
        text: 'x',
        idempotencyKey: '00000000-0000-4000-8000-000000000001',
      }),
    ).rejects.toMatchObject({ retryable: false });
    const bad = new LinePushChannel('wrong-token', lineUrl);
    await expect(
      bad.send({
        to: LINE_USER,
        title: 't',
        text: 'x',
        idempotencyKey: '00000000-0000-4000-8000-000000000002',
      }),
    ).rejects.toMatchObject({ retryable: false });
  });

  it('refuses settings that are not an e-mail address or a LINE user id', async () => {
    const staff = await h.as('school-staff', school.obecCode, 'someone@school');
    const res = await h.q(
      PREFS,
      {
        i: {
          email: 'not an email',
          lineUserId: 'Uxyz',
          onDispatch: true,
          onDueReminder: false,
          onUrgentDeadline: false,
        },
      },
      staff,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.problems.map((p: any) => p.field).sort()).toEqual([
      'email',
      'lineUserId',
    ]);
  });
});
