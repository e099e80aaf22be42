import { readFileSync } from 'node:fs';
import { readTrustModel, TRUST_DIRECTIVES_SDL } from '@smss/trust';
import { schemaFromSdlFile } from '@smss/testing';
import { SCHEMA_PATH } from '../src/server';
import { financeTrust } from '../src/trust';

const model = readTrustModel(schemaFromSdlFile(SCHEMA_PATH));

describe('trust classification of the finance subgraph', () => {
  it('declares the trust directives exactly as the trust layer defines them', () => {
    const sdl = readFileSync(SCHEMA_PATH, 'utf8');
    const start = sdl.indexOf('"Open to every signed-in viewer.');
    expect(sdl.slice(start, start + TRUST_DIRECTIVES_SDL.length)).toBe(TRUST_DIRECTIVES_SDL);
  });

  it('classifies every field and gives every type an owner', () => {
    expect(model.problems).toEqual([]);
  });

  it('gives an owner rule for every record type and none for anything else', () => {
    const records = [...model.types].filter(([, r]) =>
      ['SCHOOL', 'AREA_OFFICE', 'PARTNER'].includes(r.owner),
    );
    expect(Object.keys(financeTrust.owners).sort()).toEqual(records.map(([name]) => name).sort());
  });

  it('holds personal data only in names of people and the payee’s tax ID, all inside school records', () => {
    const personal = [...model.types].flatMap(([type, rule]) =>
      [...rule.fields]
        .filter(([, f]) => f.dataClass === 'personal' || f.dataClass === 'sensitive')
        .map(([field]) => `${type}.${field} (${rule.owner})`),
    );
    expect(personal.sort()).toEqual([
      'Activity.owner (SCHOOL)',
      'Payee.name (PARENT)',
      'Payee.taxId (PARENT)',
      'Project.owner (SCHOOL)',
      'Receipt.payer (SCHOOL)',
    ]);
  });

  it('treats area office and province allocation totals as aggregates open to every viewer, not records', () => {
    for (const type of [
      'AllocationSummary',
      'AllocationItemTotal',
      'AllocationRoundTotal',
      'AreaOffice',
      'Province',
    ])
      expect({ type, owner: model.types.get(type)?.owner }).toEqual({ type, owner: 'NONE' });
    for (const type of ['SubsidyAllocation', 'AllocationAdjustment', 'AllocationBreakdownRow'])
      expect({ type, owner: model.types.get(type)?.owner }).toEqual({ type, owner: 'SCHOOL' });
  });
});
