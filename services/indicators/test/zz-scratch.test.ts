import { writeFileSync } from 'node:fs';
import { createCatalogue, evidenceFor, M, ok, openRound, startIndicators, THIS_YEAR, token } from './support';
it('writes sample PDFs', async () => {
  const h = await startIndicators();
  await h.addSchool('1601');
  const ids = await createCatalogue(h, THIS_YEAR, [
    { code: 'KRS 1.1', weight: '40', nameTh: 'ร้อยละของนักเรียนที่มีผลสัมฤทธิ์ทางการเรียนระดับดีขึ้นไป (ผู้ใหญ่บ้าน ปู่ ป้ำ น้ำ ฟ้า)' },
    { code: 'KRS 1.2', weight: '30', method: 'CHECKLIST' },
    { code: 'KRS 2.1', weight: '20', nameTh: 'ระดับความสำเร็จในการพัฒนาครูด้วยชุมชนการเรียนรู้ทางวิชาชีพ (PLC) ของสำนักงานเขตพื้นที่การศึกษา' },
    { code: 'KRS 2.2', weight: '10', method: 'YES_NO' },
  ]);
  await openRound(h, THIS_YEAR, 12);
  const o = await token('area-officer', '1601'); const d = await token('area-director', '1601');
  const ev = await evidenceFor(h, '1601', o);
  const vals: any = { 'KRS 1.1': { value: '84.21' }, 'KRS 1.2': { stepsDone: [1, 2, 3] }, 'KRS 2.1': { value: '93.5' }, 'KRS 2.2': { achieved: true } };
  for (const [code, v] of Object.entries(vals)) {
    const r = ok(await h.q(M.submit, { i: { indicatorId: ids[code], roundMonth: 12, orgCode: '1601', ...(v as object), narrative: 'ดำเนินการตามแผนครบถ้วน ผู้บริหารติดตามทุกไตรมาส', evidenceFileIds: [ev], reporterName: 'นางสาวสมใจ ใจงาม' } }, o)).submitIndicatorResult;
    ok(await h.q(M.approve, { id: r.id }, d));
  }
  const f = ok(await h.q(M.export, { org: '1601', fy: THIS_YEAR, fw: 'KRS', format: 'PDF', round: 12 }, d)).exportIndicatorReport;
  const res = await h.route('GET', f.url, { token: d });
  writeFileSync('/tmp/pdfp/org.pdf', Buffer.from(await res.arrayBuffer()));
  await h.stop();
}, 120000);
