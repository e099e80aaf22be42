import { academicYearOf, fiscalYearOf } from '@smss/thai';
import { DASHBOARD_QUERY, DIRECTORY_QUERY } from './bench-queries';
import { runLoad } from './load';
import { mintToken } from './token';
(async () => {
  const analyst = await mintToken(['--role', 'obec-analyst', '--org', 'OBEC']);
  const fy = fiscalYearOf(`${academicYearOf(new Date()) - 543}-06-10`);
  const f = { provinceCode: '16' };
  const r = await runLoad({ url: 'http://127.0.0.1:4000/graphql', headers: { 'content-type': 'application/json', authorization: `Bearer ${analyst}` }, connections: 8, seconds: Number(process.argv[2] || 30),
    body: (i) => JSON.stringify(i % 2 ? { query: DIRECTORY_QUERY, variables: { first: 20, f } } : { query: DASHBOARD_QUERY, variables: { f, after: null, fy } }) });
  console.log(r.requests, r.errors, r.errorSamples);
})();
