import { useEffect, useState } from 'preact/hooks';
import { ApiError, graphql } from '../api';
import { count, date, type Lang, type Strings } from '../i18n';
import { EXPORT_JOBS_QUERY, START_EXPORT_MUTATION } from '../operations';
import type { Session } from '../session';

/** An export job as the exchange subgraph answers it. */
interface ExportJob {
  id: string;
  profile: string;
  format: string;
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  rowsDone: number;
  rowsTotal: number | null;
  createdAt: string;
  finishedAt: string | null;
  scope: { areaOfficeCode: string | null; schoolCode: string | null };
  error: { code: string; message: string; messageTh: string } | null;
  fileName: string | null;
  byteSize: number | null;
  changeCursor: string;
  downloadUrl: string | null;
}

const PROFILES = ['EEF_STUDENTS', 'DMC_STUDENTS', 'BOBEC_SCHOOLS'] as const;
const FORMATS = ['CSV', 'XLSX', 'JSON'] as const;
const POLL_MS = 1500;

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');

/**
 * The export jobs page (`#/exports`): start a job (profile, format, an area office or a school), see every
 * job of yours with its progress (polled while one runs), and download a finished file. The link is signed
 * and short-lived and needs your token as well, so the file is fetched with it and handed to the browser.
 */
export function Exports(props: { session: Session; lang: Lang; t: Strings; onUnauthenticated: () => void }) {
  const { session, lang, t } = props;
  const s = t.exports;
  const [jobs, setJobs] = useState<ExportJob[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [profile, setProfile] = useState<string>('EEF_STUDENTS');
  const [format, setFormat] = useState<string>('CSV');
  const [scopeKind, setScopeKind] = useState<'area' | 'school'>('area');
  const [code, setCode] = useState(session.orgCode.length === 4 ? session.orgCode : '');
  const [busy, setBusy] = useState(false);

  const fail = (e: unknown) => {
    if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') props.onUnauthenticated();
    setError(e instanceof ApiError ? (lang === 'th' && e.messageTh ? e.messageTh : e.message) : String(e));
  };
  const load = async () => {
    try {
      const data = await graphql<{ exportJobs: ExportJob[] }>(EXPORT_JOBS_QUERY, {}, session.token);
      setJobs(data.exportJobs);
    } catch (e) {
      fail(e);
    }
  };
  useEffect(() => {
    void load();
  }, [session.token]);
  const running = !!jobs?.some((j) => j.status === 'QUEUED' || j.status === 'RUNNING');
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [running, session.token]);

  const start = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const scope = scopeKind === 'area' ? { areaOfficeCode: code.trim() } : { schoolCode: code.trim() };
      await graphql(START_EXPORT_MUTATION, { profile, format, scope }, session.token);
      await load();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const download = async (job: ExportJob) => {
    if (!job.downloadUrl) return;
    setError(null);
    try {
      const res = await fetch(job.downloadUrl, { headers: { authorization: `Bearer ${session.token}` } });
      if (!res.ok) {
        const body = (await res.json().catch(() => ({}))) as {
          errors?: { message: string; extensions?: { code?: string; messageTh?: string } }[];
        };
        const e = body.errors?.[0];
        throw new ApiError(
          e?.message ?? `download failed (${res.status})`,
          e?.extensions?.code ?? 'ERROR',
          e?.extensions?.messageTh,
        );
      }
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = job.fileName ?? `${job.profile}.${job.format.toLowerCase()}`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      await load(); // a new link for the next download
    } catch (e) {
      fail(e);
    }
  };

  return (
    <main class="exports">
      <p>
        <a href="#/">← {t.back}</a>
      </p>
      <h2>{s.title}</h2>
      <p class="intro">{s.intro}</p>
      <form id="start-export" class="export-form" onSubmit={(e) => void start(e)}>
        <label>
          {s.profile}
          <select
            name="profile"
            value={profile}
            onChange={(e) => setProfile((e.target as HTMLSelectElement).value)}
          >
            {PROFILES.map((p) => (
              <option value={p}>{s.profiles[p] ?? p}</option>
            ))}
          </select>
        </label>
        <label>
          {s.format}
          <select
            name="format"
            value={format}
            onChange={(e) => setFormat((e.target as HTMLSelectElement).value)}
          >
            {FORMATS.map((f) => (
              <option value={f}>{f}</option>
            ))}
          </select>
        </label>
        <label>
          {s.scopeKind}
          <select
            name="scopeKind"
            value={scopeKind}
            onChange={(e) => setScopeKind((e.target as HTMLSelectElement).value as 'area' | 'school')}
          >
            <option value="area">{s.area}</option>
            <option value="school">{s.school}</option>
          </select>
        </label>
        <input
          name="code"
          value={code}
          inputMode="numeric"
          placeholder={scopeKind === 'area' ? '1601' : '1016010001'}
          onInput={(e) => setCode((e.target as HTMLInputElement).value)}
        />
        <button type="submit" disabled={busy || !code.trim()}>
          {s.start}
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {jobs === null ? (
        <p class="loading">{t.loading}</p>
      ) : jobs.length === 0 ? (
        <p class="empty">{s.none}</p>
      ) : (
        <table class="export-jobs">
          <thead>
            <tr>
              <th>{s.profile}</th>
              <th>{s.scopeKind}</th>
              <th>{s.status}</th>
              <th>{s.progress}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => {
              const total = job.rowsTotal ?? 0;
              const share =
                total > 0 ? Math.min(1, job.rowsDone / total) : job.status === 'SUCCEEDED' ? 1 : 0;
              return (
                <tr data-job={job.id} data-status={job.status}>
                  <td>
                    {s.profiles[job.profile] ?? job.profile} · {job.format}
                    <div class="muted">{date(job.createdAt.slice(0, 10), lang)}</div>
                  </td>
                  <td>{job.scope.areaOfficeCode ?? job.scope.schoolCode}</td>
                  <td>
                    {s.statuses[job.status] ?? job.status}
                    {job.error && (
                      <div class="error">{lang === 'th' ? job.error.messageTh : job.error.message}</div>
                    )}
                  </td>
                  <td>
                    <progress max={1} value={share} />
                    <div class="muted" data-rows-done={job.rowsDone}>
                      {fill(s.rows, {
                        done: count(job.rowsDone),
                        total: job.rowsTotal === null ? '…' : count(job.rowsTotal),
                      })}
                    </div>
                  </td>
                  <td>
                    {job.status === 'SUCCEEDED' && job.downloadUrl && (
                      <button type="button" class="download" onClick={() => void download(job)}>
                        {s.download}
                      </button>
                    )}
                    {job.status === 'SUCCEEDED' && (
                      <div class="muted">
                        {s.changeCursor} {job.changeCursor}
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </main>
  );
}
