import { documentNumberOf, outgoingRegisterOf, registerYearOf } from './numbering';

describe('numbering', () => {
  it('numbers a letter in the register its type calls for', () => {
    expect(outgoingRegisterOf({ kind: 'EXTERNAL', circular: false })).toBe('SEND');
    expect(outgoingRegisterOf({ kind: 'EXTERNAL', circular: true })).toBe('CIRCULAR');
    expect(outgoingRegisterOf({ kind: 'DIRECTIVE', form: 'ORDER', circular: true })).toBe('ORDER');
    expect(outgoingRegisterOf({ kind: 'OFFICIAL_RECORD', form: 'CERTIFICATE', circular: false })).toBe(
      'CERTIFICATE',
    );
    expect(outgoingRegisterOf({ kind: 'OFFICIAL_RECORD', form: 'MINUTES', circular: false })).toBe('SEND');
  });

  it('writes the letter code and the number, circulars with ว, orders per year', () => {
    expect(documentNumberOf('SEND', 'ศธ 04031', 758, 2569)).toBe('ศธ 04031/758');
    expect(documentNumberOf('CIRCULAR', 'ศธ 04031', 12, 2569)).toBe('ศธ 04031/ว 12');
    expect(documentNumberOf('ORDER', 'ศธ 04031', 12, 2569)).toBe('12/2569');
  });

  it('rolls the register year over at midnight on 1 January in Bangkok, not in UTC', () => {
    expect(registerYearOf(new Date('2026-12-31T16:59:59Z'))).toBe(2569); // 23:59:59 in Bangkok
    expect(registerYearOf(new Date('2026-12-31T17:00:00Z'))).toBe(2570); // 00:00 on 1 January 2027
  });
});
