import { readFileSync } from 'node:fs';
import { readTrustModel, TRUST_DIRECTIVES_SDL } from '@smss/trust';
import { schemaFromSdlFile } from '@smss/testing';
import { SCHEMA_PATH } from '../src/server';
import { indicatorsTrust } from '../src/trust';

describe('trust classification of the indicators subgraph', () => {
  const model = readTrustModel(schemaFromSdlFile(SCHEMA_PATH));

  it('declares the trust directives exactly as the trust layer defines them', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toContain(TRUST_DIRECTIVES_SDL);
  });

  it('classifies every field and gives every type an owner', () => {
    expect(model.problems).toEqual([]);
  });

  it('owns its records by the reporting organisation and gives each an owner rule', () => {
    const records = [...model.types]
      .filter(([, r]) => ['SCHOOL', 'AREA_OFFICE', 'PARTNER'].includes(r.owner))
      .map(([name]) => name)
      .sort();
    expect(records).toEqual([
      'EvidenceFile',
      'IndicatorResult',
      'IndicatorScoreCard',
      'OrganisationReportingStatus',
      'PlatformMeasureValue',
      'PmqaAssessment',
    ]);
    expect(Object.keys(indicatorsTrust.owners).sort()).toEqual(records);
    // The catalogue and the rounds are open reference data, not records.
    expect(model.types.get('Indicator')?.owner).toBe('NONE');
    expect(model.types.get('ReportingRound')?.owner).toBe('NONE');
  });

  it('holds personal data only in the reporter fields and the PMQA evidence register', () => {
    const personal = [...model.types].flatMap(([type, rule]) =>
      [...rule.fields]
        .filter(([, f]) => f.dataClass === 'personal' || f.dataClass === 'sensitive')
        .map(([field]) => `${type}.${field}`),
    );
    expect(personal.sort()).toEqual([
      'IndicatorResult.reporterName',
      'IndicatorResult.reporterPhone',
      'PmqaEvidenceItem.responsiblePerson',
    ]);
  });
});
