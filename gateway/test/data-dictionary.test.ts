import { readFileSync } from 'node:fs';
import {
  buildDataDictionary,
  DATA_DICTIONARY_FILE,
  missingDescriptions,
  serialiseDataDictionary,
  splitDescription,
} from '../src/data-dictionary';

const dictionary = buildDataDictionary();
const type = (name: string) => dictionary.types.find((t) => t.name === name)!;
const field = (typeName: string, name: string) => type(typeName).fields.find((f) => f.name === name)!;

describe('the data dictionary (gateway/data-dictionary.json, served at /data-dictionary.json)', () => {
  it('gives every type, field, enum value and root field an English and a Thai description', () => {
    // Fails naming each element that lacks one: write it in the subgraph's schema.graphql.
    expect(missingDescriptions(dictionary)).toEqual([]);
  });

  it('matches the committed data-dictionary.json (run `npm run compose` when this fails)', () => {
    expect(readFileSync(DATA_DICTIONARY_FILE, 'utf8')).toBe(serialiseDataDictionary(dictionary));
  });

  it('carries each field’s trust classification and each type’s owner rule from the SDL', () => {
    expect(field('Student', 'nationalId').classification).toBe('personal');
    expect(field('Disadvantage', 'poverty').classification).toBe('sensitive');
    expect(type('Student').owner).toBe('SCHOOL');
    expect(type('Student').subgraphs).toContain('students');
    // A field without its own directive takes its type's.
    expect(field('School', 'nameTh').classification).toBe('public');
    for (const t of dictionary.types.filter((x) => x.kind === 'OBJECT'))
      for (const f of t.fields)
        expect([`${t.name}.${f.name}`, f.classification]).not.toEqual([`${t.name}.${f.name}`, null]);
  });

  it('lists which subgraphs define an entity’s fields', () => {
    const school = type('School');
    expect(school.subgraphs).toEqual(expect.arrayContaining(['schools', 'students', 'personnel', 'finance']));
    expect(field('School', 'students').subgraphs).toEqual(['students']);
    expect(field('School', 'id').subgraphs.length).toBeGreaterThan(3);
  });

  it('publishes the code lists: enums with their values, and regions, provinces, districts with official codes', () => {
    expect(type('GradeLevel').values.map((v) => v.name)).toEqual(expect.arrayContaining(['K1', 'P1', 'M6']));
    const provinces = dictionary.codeLists.find((c) => c.name === 'Province')!;
    expect(provinces.codes).toHaveLength(77);
    expect(provinces.codes.find((p) => p.code === '16')).toMatchObject({ nameTh: 'ลพบุรี', parent: 'C' });
    expect(dictionary.codeLists.find((c) => c.name === 'Region')!.codes).toHaveLength(6);
  });

  it('leaves federation’s machinery out', () => {
    expect(dictionary.types.some((t) => /^(_|join__|link__)/.test(t.name))).toBe(false);
    expect(dictionary.operations.some((o) => o.name.startsWith('_'))).toBe(false);
  });
});

describe('splitDescription', () => {
  it.each([
    ['Academic year, B.E. ปีการศึกษา (พ.ศ.)', 'Academic year, B.E.', 'ปีการศึกษา (พ.ศ.)'],
    ['One student by id.\nนักเรียนหนึ่งคน ค้นด้วย id', 'One student by id.', 'นักเรียนหนึ่งคน ค้นด้วย id'],
    [
      'Personal fields are masked without pii:read. ข้อมูลส่วนบุคคลถูกปกปิดหากไม่มีสิทธิ์ pii:read',
      'Personal fields are masked without pii:read.',
      'ข้อมูลส่วนบุคคลถูกปกปิดหากไม่มีสิทธิ์ pii:read',
    ],
    ['Present (มา)', 'Present', 'มา'],
    [
      '(a) no bid under the other methods (ไม่มีผู้ยื่นข้อเสนอ)',
      '(a) no bid under the other methods',
      'ไม่มีผู้ยื่นข้อเสนอ',
    ],
    [
      'Internal letter, memo form (หนังสือภายใน (บันทึกข้อความ))',
      'Internal letter, memo form',
      'หนังสือภายใน (บันทึกข้อความ)',
    ],
    ['The file, base64. ไฟล์ (base64)', 'The file, base64.', 'ไฟล์ (base64)'],
    ['ชั้นความลับ. Secrecy', 'Secrecy', 'ชั้นความลับ.'],
    ['Counts only.', 'Counts only.', ''],
    ['จำนวนนักเรียน', '', 'จำนวนนักเรียน'],
    ['', '', ''],
  ])('%j', (text, en, th) => {
    expect(splitDescription(text)).toEqual({ en, th });
  });
});
