import { z } from 'zod';
import { AppError } from '@smss/core';
import { exportEnvironment, exportSettingsFrom, refineExportLinkKey } from './export-environment';
import { validateStartExport } from './export-job.rules';
import { checkExportLink, DEV_EXPORT_LINK_KEY, signExportLink } from './export-link';
import { exportOperationDocuments, valueAt } from './export-profiles';

const problemsOf = (args: Parameters<typeof validateStartExport>[0]) => {
  try {
    validateStartExport(args);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).messageTh).toMatch(/[\u0E00-\u0E7F]/);
    return ((error as AppError).extensions.problems as Array<{ field: string }>).map((p) => p.field);
  }
};

describe('validateStartExport', () => {
  it('takes exactly one well-formed code', () => {
    expect(
      validateStartExport({ profile: 'BOBEC_SCHOOLS', format: 'CSV', scope: { areaOfficeCode: ' 1601 ' } }),
    ).toEqual({
      profile: 'BOBEC_SCHOOLS',
      format: 'CSV',
      scope: { areaOfficeCode: '1601', schoolCode: null },
    });
    expect(
      validateStartExport({ profile: 'DMC_STUDENTS', format: 'JSON', scope: { schoolCode: '1016010001' } })
        .scope,
    ).toEqual({
      areaOfficeCode: null,
      schoolCode: '1016010001',
    });
    expect(
      problemsOf({
        profile: 'BOBEC_SCHOOLS',
        format: 'CSV',
        scope: { areaOfficeCode: '1601', schoolCode: '1016010001' },
      }),
    ).toEqual(['scope']);
    expect(problemsOf({ profile: 'BOBEC_SCHOOLS', format: 'CSV', scope: {} })).toEqual(['scope']);
    expect(problemsOf({ profile: 'BOBEC_SCHOOLS', format: 'CSV', scope: { areaOfficeCode: '16' } })).toEqual([
      'scope.areaOfficeCode',
    ]);
    expect(
      problemsOf({ profile: 'BOBEC_SCHOOLS', format: 'CSV', scope: { schoolCode: '10160100' } }),
    ).toEqual(['scope.schoolCode']);
    expect(problemsOf({ profile: 'X', format: 'PDF', scope: { areaOfficeCode: '1601' } })).toEqual([
      'profile',
      'format',
    ]);
  });
});

describe('download links', () => {
  const key = 'k'.repeat(40);
  const job = {
    id: '6f1c2a8e-3b7d-4c1e-9a2b-1c2d3e4f5a6b',
    fileName: 'BOBEC_SCHOOLS-1601-20261201T2130.csv',
  };
  const partsOf = (path: string) => {
    const [, , , , jobId, expires, signature, fileName] = path.split('/');
    return {
      jobId: jobId!,
      expires: expires!,
      signature: signature!,
      fileName: decodeURIComponent(fileName!),
    };
  };

  it('is valid for 10 minutes, for exactly its job, expiry and file, under its key', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const { path, expiresAt } = signExportLink(key, job, now);
    expect(expiresAt.toISOString()).toBe('2026-12-01T12:10:00.000Z');
    const p = partsOf(path);
    expect(checkExportLink(key, p, now)).toBe('VALID');
    expect(checkExportLink(key, p, new Date('2026-12-01T12:09:59Z'))).toBe('VALID');
    expect(checkExportLink(key, p, new Date('2026-12-01T12:10:01Z'))).toBe('EXPIRED');
    expect(checkExportLink('x'.repeat(40), p, now)).toBe('BAD_SIGNATURE');
    expect(checkExportLink(key, { ...p, fileName: 'other.csv' }, now)).toBe('BAD_SIGNATURE');
    expect(checkExportLink(key, { ...p, jobId: '00000000-0000-4000-8000-000000000000' }, now)).toBe(
      'BAD_SIGNATURE',
    );
    expect(checkExportLink(key, { ...p, expires: String(Number(p.expires) + 1) }, now)).toBe('BAD_SIGNATURE');
    expect(checkExportLink(key, { ...p, signature: 'zz' }, now)).toBe('BAD_SIGNATURE');
  });
});

describe('export profiles', () => {
  it('registers each operation once, named as it is sent', () => {
    const ops = exportOperationDocuments();
    expect(new Set(ops.map((o) => o.name)).size).toBe(ops.length);
    for (const op of ops) expect(op.document).toMatch(new RegExp(`^query ${op.name}\\(`));
  });

  it('reads values at a path, lists joined', () => {
    expect(valueAt({ a: { b: ['X', 'Y'] } }, 'a.b')).toBe('X,Y');
    expect(valueAt({ a: null }, 'a.b')).toBeNull();
    expect(valueAt({ a: { b: 0.5 } }, 'a.b')).toBe(0.5);
  });
});

describe('export environment', () => {
  const schema = z
    .object({ NODE_ENV: z.string().optional(), ...exportEnvironment })
    .superRefine(refineExportLinkKey);
  const issues = (env: Record<string, string>) => {
    const r = schema.safeParse(env);
    return r.success ? [] : r.error.issues.map((i) => i.message);
  };

  it('defaults outside production and refuses a missing, default or weak key in production', () => {
    expect(exportSettingsFrom(schema.parse({}))).toEqual({
      gatewayUrl: 'http://127.0.0.1:4000/graphql',
      linkKey: DEV_EXPORT_LINK_KEY,
    });
    expect(issues({ NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/EXPORT_LINK_KEY is required/),
    ]);
    expect(issues({ NODE_ENV: 'production', EXPORT_LINK_KEY: DEV_EXPORT_LINK_KEY })).toEqual([
      expect.stringMatching(/development default/),
    ]);
    expect(issues({ NODE_ENV: 'production', EXPORT_LINK_KEY: 'short' })).toContainEqual(
      expect.stringMatching(/at least 32/),
    );
    const strong = 'Qm9vdHN0cmFwLWV4cG9ydC1saW5rLWtleS1mb3ItdGVzdHMtb25seQ9x';
    expect(
      issues({ NODE_ENV: 'production', EXPORT_LINK_KEY: strong, GATEWAY_URL: 'https://gw.example/graphql' }),
    ).toEqual([]);
  });
});
