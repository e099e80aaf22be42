import { readFileSync } from 'node:fs';
import { readTrustModel, TRUST_DIRECTIVES_SDL } from '@smss/trust';
import { schemaFromSdlFile } from '@smss/testing';
import { SCHEMA_PATH } from '../src/server';
import { assetsTrust } from '../src/trust';

const model = readTrustModel(schemaFromSdlFile(SCHEMA_PATH));

describe('trust classification of the assets subgraph', () => {
  it('declares the trust directives exactly as the trust layer defines them', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toContain(TRUST_DIRECTIVES_SDL);
  });

  it('classifies every field and gives every type an owner', () => {
    expect(model.problems).toEqual([]);
  });

  it('gives an owner rule for every record type and none for anything else', () => {
    const records = [...model.types].filter(([, r]) =>
      ['SCHOOL', 'AREA_OFFICE', 'PARTNER'].includes(r.owner),
    );
    expect(Object.keys(assetsTrust.owners).sort()).toEqual(records.map(([name]) => name).sort());
  });

  it('holds personal data only where people are named: custodians, committees, a person vendor or buyer', () => {
    const personal = [...model.types].flatMap(([type, rule]) =>
      [...rule.fields]
        .filter(([, f]) => f.dataClass === 'personal' || f.dataClass === 'sensitive')
        .map(([field]) => `${type}.${field} (${rule.owner})`),
    );
    expect(personal.sort()).toEqual([
      'Asset.custodian (SCHOOL)',
      'AssetDisposal.recipient (SCHOOL)',
      'Procurement.committee (SCHOOL)',
      'Procurement.inspectionCommittee (SCHOOL)',
      'StockTake.committee (SCHOOL)',
      'Vendor.name (PARENT)',
      'Vendor.taxId (PARENT)',
    ]);
  });

  it('treats summaries, reference data, survey rounds and the directory stubs as not records', () => {
    for (const type of [
      'AssetSummary',
      'AreaOffice',
      'Province',
      'School',
      'StaffMember',
      'Project',
      'AssetCategory',
      'BuildingSurveyRound',
    ])
      expect({ type, owner: model.types.get(type)?.owner }).toEqual({ type, owner: 'NONE' });
    for (const type of ['Building', 'Asset', 'Procurement', 'Infrastructure', 'BuildingSurvey', 'StockTake'])
      expect({ type, owner: model.types.get(type)?.owner }).toEqual({ type, owner: 'SCHOOL' });
  });
});
