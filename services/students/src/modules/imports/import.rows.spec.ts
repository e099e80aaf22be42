import { WHITESPACE, parseGrade, validateImportRow } from './import.rows';

describe('the row validator’s tables', () => {
  it('lists exactly the characters JavaScript treats as whitespace (the SQL validator trims with this set)', () => {
    const engine: string[] = [];
    const trimDisagrees: number[] = [];
    for (let c = 0; c <= 0xffff; c += 1) {
      const ch = String.fromCharCode(c);
      if (/\s/.test(ch)) engine.push(ch);
      if ((`a${ch}`.trim() === 'a') !== /\s/.test(ch)) trimDisagrees.push(c);
    }
    expect(trimDisagrees).toEqual([]);
    expect([...WHITESPACE].sort()).toEqual(engine.sort());
  });

  it('reads grades written the Thai way, with Thai digits or spaces, and refuses grades that do not exist', () => {
    expect(['ป.3', 'ป 3', 'p3', 'P๓', 'ประถมศึกษาปีที่ 3'].map(parseGrade)).toEqual([
      'P3',
      'P3',
      'P3',
      'P3',
      'P3',
    ]);
    expect(['อ.1', 'อนุบาล 1', 'K1', 'ม.๖', 'มัธยมศึกษาปีที่6'].map(parseGrade)).toEqual([
      'K1',
      'K1',
      'K1',
      'M6',
      'M6',
    ]);
    expect(['ป.9', 'อ.4', 'อ..1', 'P10', 'constructor', ''].map(parseGrade)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('treats a prefix, gender or poverty named like an Object property as unknown', () => {
    const result = validateImportRow(
      2,
      {
        nationalId: 'G123456789012',
        prefix: 'constructor',
        firstNameTh: 'ธนากร',
        lastNameTh: 'ศรีทอง',
        gender: 'toString',
        birthDate: '04/03/2560',
        gradeLevel: 'ป.3',
        classroom: '1',
        poverty: '__proto__',
      },
      {},
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.column)).toEqual(['gender', 'poverty', 'prefix']);
  });
});
