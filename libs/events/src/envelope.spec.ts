import { buildEnvelope, defineEvent, parseEnvelope } from './envelope';
import { SchoolUpserted } from './contracts';
import { z } from 'zod';

const payload = {
  id: '6f1c1a8e-7c2b-4f55-9b8e-0d6c3f2a1b00',
  obecCode: '1016010001',
  smisCode: '16010001',
  nameTh: 'โรงเรียนบ้านทดสอบ',
  nameEn: null,
  areaOfficeCode: '1601',
  provinceCode: '16',
  districtCode: '1601',
  status: 'OPEN' as const,
  schoolType: 'PRIMARY',
  levels: ['PRIMARY'],
  version: 1,
};

describe('event envelopes', () => {
  it('builds an envelope with id, versioned type, correlation and causation', () => {
    const e = buildEnvelope(SchoolUpserted, payload.id, payload, { correlationId: 'req-1' });
    expect(e).toMatchObject({
      type: 'schools.school.upserted.v1',
      aggregateId: payload.id,
      correlationId: 'req-1',
      causationId: null,
    });
    expect(parseEnvelope(SchoolUpserted, JSON.parse(JSON.stringify(e))).payload).toEqual(payload);
  });

  it('validates payloads on publish and on consume', () => {
    expect(() => buildEnvelope(SchoolUpserted, 'x', { ...payload, obecCode: '12' })).toThrow();
    const e = buildEnvelope(SchoolUpserted, payload.id, payload);
    expect(() => parseEnvelope(SchoolUpserted, { ...e, payload: { ...payload, version: 0 } })).toThrow();
    expect(() => parseEnvelope(SchoolUpserted, { ...e, type: 'schools.school.deleted.v1' })).toThrow(
      /does not match/,
    );
  });

  it('requires a version suffix on every subject', () => {
    expect(() =>
      defineEvent({ subject: 'x.y', stream: 'X', payload: z.object({}), description: '' }),
    ).toThrow(/version/);
  });
});
