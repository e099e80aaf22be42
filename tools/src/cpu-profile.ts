/**
 * A V8 CPU profile (`.cpuprofile`, as written by tools/src/bench-profiler.cjs or `node --cpu-prof`) in
 * numbers: busy time, self time per package and per function, per request.
 * `npx tsx tools/src/cpu-profile.ts <file.cpuprofile> [requests]` prints the same summary.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { median } from './load';

const ROOT = path.resolve(__dirname, '..', '..');

export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

/**
 * Self time per package and per function, in ms per request: samples × the sampling interval (the
 * median gap; a gap stretched because the process was not scheduled on the busy cores would otherwise
 * be charged to whatever ran next).
 */
export function summariseProfile(profile: CpuProfile, requests: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const interval = median(profile.timeDeltas.slice(1)) / 1000;
  const self = new Map<number, number>();
  // The first sample is the profiler starting up.
  for (let i = 1; i < profile.samples.length; i += 1)
    self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + interval);
  const pkg = new Map<string, number>();
  const fns = new Map<string, number>();
  let busy = 0;
  for (const [id, ms] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    // Idle, and the profiler's own start and stop (bench-profiler.cjs).
    if (functionName === '(idle)' || url.endsWith('bench-profiler.cjs')) continue;
    busy += ms;
    const where = packageOf(url) || functionName;
    pkg.set(where, (pkg.get(where) ?? 0) + ms);
    const fn = `${functionName || '(anonymous)'} ${url ? `${path.relative(ROOT, url.replace(/^file:\/\//, ''))}:${lineNumber + 1}` : ''}`;
    fns.set(fn, (fns.get(fn) ?? 0) + ms);
  }
  const perRequest = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, v / requests] as [string, number]);
  return { busyMsPerRequest: busy / requests, byPackage: perRequest(pkg), topFunctions: perRequest(fns) };
}

function packageOf(url: string): string {
  if (!url) return '';
  const file = url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = file.slice(nm + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (file.startsWith('node:')) return 'node (built-in)';
  const rel = path.relative(ROOT, file);
  return rel.startsWith('..') ? file : rel.split('/').slice(0, 2).join('/');
}

if (require.main === module) {
  const [file, requests] = process.argv.slice(2);
  if (!file) throw new Error('usage: cpu-profile.ts <file.cpuprofile> [requests]');
  const s = summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(requests || 1));
  process.stdout.write(`busy ${s.busyMsPerRequest.toFixed(3)} ms per request\n`);
  for (const [pkg, ms] of s.byPackage.slice(0, 15))
    process.stdout.write(`  ${ms.toFixed(3).padStart(8)} ms  ${pkg}\n`);
  for (const [fn, ms] of s.topFunctions.slice(0, 30))
    process.stdout.write(`  ${ms.toFixed(3).padStart(8)} ms  ${fn}\n`);
}
