import { readFileSync } from 'node:fs';
import { readTrustModel, TRUST_DIRECTIVES_SDL } from '@smss/trust';
import { schemaFromSdlFile } from '@smss/testing';
import { SCHEMA_PATH } from '../src/server';

describe('trust classification of the warroom subgraph', () => {
  const model = readTrustModel(schemaFromSdlFile(SCHEMA_PATH));

  it('declares the trust directives exactly as the trust layer defines them', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toContain(TRUST_DIRECTIVES_SDL);
  });

  it('classifies every field and gives every type an owner', () => {
    expect(model.problems).toEqual([]);
  });

  it('holds no personal data, classifies the views as aggregates owned by the places they sum, and marks the people counts @smallCell', () => {
    const personal = [...model.types].flatMap(([type, rule]) =>
      [...rule.fields]
        .filter(([, f]) => f.dataClass === 'personal' || f.dataClass === 'sensitive')
        .map(([field]) => `${type}.${field}`),
    );
    expect(personal).toEqual([]);
    expect(model.types.get('WarRoomView')?.owner).toBe('SCHOOL');
    expect(model.types.get('StudentFigures')?.owner).toBe('PARENT');
    const smallCells = [...model.types].flatMap(([type, rule]) =>
      [...rule.fields].filter(([, f]) => f.smallCell).map(([field]) => `${type}.${field}`),
    );
    expect(smallCells).toEqual(
      expect.arrayContaining([
        'StudentFigures.total',
        'StudentFigures.disabled',
        'StudentFigures.stateless',
        'StudentCount.male',
        'AttendanceFigures.studentDays',
        'AttendanceFigures.absent',
        'AttendanceFigures.sickLeave',
        'AttendanceFigures.personalLeave',
        'NutritionFigures.measured',
        'NutritionFigures.thin',
        'NutritionFigures.short',
        'NutritionFigures.overweight',
        'NutritionFigures.obese',
      ]),
    );
  });
});
