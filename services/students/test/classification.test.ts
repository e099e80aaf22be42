import { readFileSync } from 'node:fs';
import { readTrustModel, TRUST_DIRECTIVES_SDL } from '@smss/trust';
import { schemaFromSdlFile } from '@smss/testing';
import { SCHEMA_PATH } from '../src/server';
import { studentsTrust } from '../src/trust';

/* Build-time checks: booting would refuse the schema anyway; these name what is wrong first. */

const schema = schemaFromSdlFile(SCHEMA_PATH);
const model = readTrustModel(schema);

describe('classification of the students schema', () => {
  it('classifies every field and gives every object type an owner (readTrustModel finds no problem)', () => {
    expect(model.problems).toEqual([]);
    expect(model.types.size).toBeGreaterThan(15);
  });

  it('declares the trust directives exactly as @smss/trust defines them', () => {
    const sdl = readFileSync(SCHEMA_PATH, 'utf8');
    const first = sdl.indexOf(TRUST_DIRECTIVES_SDL.split('\n')[0]!);
    const last =
      sdl.indexOf('directive @smallCell on FIELD_DEFINITION') +
      'directive @smallCell on FIELD_DEFINITION'.length;
    expect(first).toBeGreaterThan(0);
    expect(sdl.slice(first, last)).toBe(TRUST_DIRECTIVES_SDL);
  });

  it('gives an owner rule for exactly the record types of the SDL', () => {
    const records = [...model.types]
      .filter(([, t]) => t.owner !== 'NONE' && t.owner !== 'PARENT')
      .map(([n]) => n);
    expect(records.sort()).toEqual(Object.keys(studentsTrust.owners).sort());
    expect(records.sort()).toEqual([
      'AttendanceMark',
      'ChronicAbsenceEntry',
      'ConflictEnrolment',
      'DisabilitySupport',
      'EefPayment',
      'EefScreening',
      'EefTransferList',
      'Enrollment',
      'EnrollmentConflict',
      'OutOfSchoolChild',
      'Student',
      'Transfer',
    ]);
  });

  it('treats names, IDs and birth dates as personal and disadvantage as sensitive', () => {
    const student = model.types.get('Student')!;
    for (const f of ['nationalId', 'gCode', 'firstNameTh', 'lastNameTh', 'birthDate'])
      expect([f, student.fields.get(f)?.dataClass]).toEqual([f, 'personal']);
    expect(student.fields.get('disadvantage')?.dataClass).toBe('sensitive');
    expect(model.types.get('Disadvantage')?.owner).toBe('PARENT');
    expect(model.types.get('EnrollmentConflict')?.fields.get('nationalId')?.dataClass).toBe('personal');
  });

  it('marks the per-school disadvantage counts as small cells and keeps the rest of the counts plain', () => {
    const counts = model.types.get('GradeCount')!;
    const small = [...counts.fields].filter(([, f]) => f.smallCell).map(([n]) => n);
    expect(small.sort()).toEqual([
      'disabled',
      'ethnicMinority',
      'extremelyPoor',
      'orphan',
      'poor',
      'stateless',
    ]);
    for (const f of ['male', 'female', 'total', 'classrooms'])
      expect(counts.fields.get(f)?.nonNull).toBe(true);
  });

  it('treats nutrition status as sensitive and grades as personal, both inside their student (Students II)', () => {
    expect(model.types.get('Student')?.fields.get('nutritionStatus')?.dataClass).toBe('sensitive');
    expect(model.types.get('NutritionStatus')).toMatchObject({ owner: 'PARENT' });
    expect(model.types.get('Student')?.fields.get('gpa')?.dataClass).toBe('personal');
    for (const t of ['StudentGpa', 'SubjectResult'])
      expect([t, model.types.get(t)?.owner]).toEqual([t, 'PARENT']);
    const summary = model.types.get('NutritionSummary')!;
    const small = [...summary.fields].filter(([, f]) => f.smallCell).map(([n]) => n);
    expect(small.sort()).toEqual(['obese', 'overweight', 'plump', 'short', 'somewhatThin', 'thin']);
    expect(model.types.get('OnetSubjectMean')?.fields.get('students')?.smallCell).toBe(true);
  });
});
