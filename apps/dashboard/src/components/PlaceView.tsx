import { useEffect, useState } from 'preact/hooks';
import { loadPlace, type Level, type Summary, type WarRoomView } from '../api';
import { count, decimal, type Lang, type Strings } from '../i18n';
import { href, type Route } from '../route';
import type { Session } from '../session';
import { BarChart } from './BarChart';
import { Cards } from './Cards';
import { ProvinceMap } from './ProvinceMap';

type Metric = 'students' | 'smallShare' | 'teacherGap';
const METRICS: Metric[] = ['students', 'smallShare', 'teacherGap'];

function metricOf(s: Summary, metric: Metric): number | undefined {
  if (metric === 'students') return s.students?.total ?? undefined;
  if (metric === 'smallShare')
    return s.smallSchools && s.schools ? (100 * s.smallSchools.smallSchools) / s.schools : undefined;
  return s.teachers && s.teachers.required ? (100 * s.teachers.shortage) / s.teachers.required : undefined;
}

const nameOf = (p: { nameTh: string; nameEn: string }, lang: Lang) => (lang === 'th' ? p.nameTh : p.nameEn);

/** A link into the gateway's explorer with a query about this place (variables prefilled). */
function explorerHref(view: WarRoomView): string {
  const query =
    view.level === 'SCHOOL' && view.schoolId
      ? `query School($id: ID!) {\n  school(id: $id) {\n    id obecCode nameTh nameEn schoolType\n  }\n}\n`
      : `query WarRoom($level: WarRoomLevel!, $code: String) {\n  warRoom(level: $level, code: $code) {\n    level code nameTh schools\n    students { total source { academicYear round asOfDate } }\n    teachers { required present gap }\n    children { level code nameTh schools }\n  }\n}\n`;
  const variables =
    view.level === 'SCHOOL' && view.schoolId
      ? { id: view.schoolId }
      : { level: view.level, code: view.level === 'COUNTRY' ? null : view.code };
  const params = new URLSearchParams({ query, variables: JSON.stringify(variables, null, 2) });
  return `/explorer?${params.toString()}`;
}

function Breadcrumbs(props: { view: WarRoomView; lang: Lang; t: Strings }) {
  const { view, lang, t } = props;
  return (
    <nav class="breadcrumbs" aria-label="breadcrumbs">
      <ol>
        {view.ancestors.map((a) => (
          <li key={`${a.level}:${a.code}`}>
            <a href={href(a.level, a.code)} data-crumb={a.level}>
              {a.level === 'COUNTRY' ? t.levels.COUNTRY : nameOf(a, lang)}
            </a>
          </li>
        ))}
        <li aria-current="page" data-crumb={view.level}>
          {view.level === 'COUNTRY' ? t.levels.COUNTRY : nameOf(view, lang)}
        </li>
      </ol>
    </nav>
  );
}

function ChildrenTable(props: { view: WarRoomView; lang: Lang; t: Strings }) {
  const { view, lang, t } = props;
  if (!view.children.length) return null;
  const level = view.children[0]!.level;
  return (
    <section class="children">
      <h3>{`${t.children}: ${t.levels[level]} (${count(view.children.length)})`}</h3>
      <table>
        <thead>
          <tr>
            <th>{t.name}</th>
            <th class="num">{t.fields.schools}</th>
            <th class="num">{t.fields.students}</th>
            <th class="num">{t.groups.smallSchools}</th>
            <th class="num">{t.fields.teacherGap}</th>
          </tr>
        </thead>
        <tbody>
          {view.children.map((c) => (
            <tr key={c.code} data-child={c.code}>
              <td>
                <a href={href(c.level, c.code)} data-child-link={c.code}>
                  {nameOf(c, lang)}
                </a>
                {c.level === 'SCHOOL' && <span class="code">{` ${c.code}`}</span>}
              </td>
              <td class="num" data-col="schools">
                {count(c.schools)}
              </td>
              <td class="num" data-col="students">
                {c.students ? count(c.students.total) : '–'}
              </td>
              <td class="num" data-col="smallSchools">
                {c.smallSchools ? count(c.smallSchools.smallSchools) : '–'}
              </td>
              <td class={`num${c.teachers && c.teachers.gap < 0 ? ' bad' : ''}`} data-col="teacherGap">
                {c.teachers ? count(c.teachers.gap) : '–'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Charts(props: { view: WarRoomView; lang: Lang; t: Strings }) {
  const { view, lang, t } = props;
  const charts = [];
  const s = view.students;
  if (s && s.byLevel.length)
    charts.push(
      <BarChart
        key="byLevel"
        id="byLevel"
        title={t.charts.byLevel}
        suppressedNote={t.suppressed}
        labels={s.byLevel.map((l) => t.studentLevels[l.key] ?? l.key)}
        series={[
          { label: t.fields.male, values: s.byLevel.map((l) => l.male), color: '#3182bd' },
          { label: t.fields.female, values: s.byLevel.map((l) => l.female), color: '#e6550d' },
        ]}
      />,
    );
  if (view.smallSchools && view.smallSchools.bands.length)
    charts.push(
      <BarChart
        key="bands"
        id="bands"
        title={t.charts.bands}
        labels={view.smallSchools.bands.map((b) => b.label)}
        series={[
          {
            label: t.charts.schools,
            values: view.smallSchools.bands.map((b) => b.schools),
            color: '#31a354',
          },
        ]}
      />,
    );
  // The places most short of teachers first (at most 12, so the names stay readable).
  const staffed = view.children.filter((c) => c.teachers);
  const withTeachers = staffed.sort((a, b) => a.teachers!.gap - b.teachers!.gap).slice(0, 12);
  if (withTeachers.length)
    charts.push(
      <BarChart
        key="teachers"
        id="teachers"
        horizontal
        title={
          view.children.length > withTeachers.length
            ? `${t.charts.teachers} (${t.charts.mostShort})`
            : t.charts.teachers
        }
        labels={withTeachers.map((c) => nameOf(c, lang))}
        series={[
          {
            label: t.charts.required,
            values: withTeachers.map((c) => c.teachers!.required),
            color: '#9ecae1',
          },
          { label: t.charts.present, values: withTeachers.map((c) => c.teachers!.present), color: '#08519c' },
        ]}
      />,
    );
  return charts.length ? <div class="charts">{charts}</div> : null;
}

export function PlaceView(props: {
  route: Route;
  session: Session;
  lang: Lang;
  t: Strings;
  onUnauthenticated: () => void;
}) {
  const { route, session, lang, t } = props;
  const [state, setState] = useState<{ key: string; view?: WarRoomView | null; error?: string }>({ key: '' });
  const [metric, setMetric] = useState<Metric>('students');
  const key = `${route.level}:${route.code ?? ''}`;
  useEffect(() => {
    let live = true;
    setState({ key });
    loadPlace(route.level, route.code, session.token)
      .then((view) => live && setState({ key, view }))
      .catch((error: Error & { code?: string; messageTh?: string }) => {
        if (!live) return;
        if (error.code === 'UNAUTHENTICATED') props.onUnauthenticated();
        setState({ key, error: lang === 'th' && error.messageTh ? error.messageTh : error.message });
      });
    return () => {
      live = false;
    };
  }, [key, session.token]);

  if (state.key !== key || (state.view === undefined && !state.error))
    return (
      <main class="place" data-loading="true">
        <p class="loading">{t.loading}</p>
      </main>
    );
  if (state.error)
    return (
      <main class="place">
        <p class="error" role="alert">
          {state.error}
        </p>
      </main>
    );
  const view = state.view;
  if (!view)
    return (
      <main class="place" data-level={route.level} data-state="not-found">
        <p class="error">{t.notFound}</p>
        <a href="#/">{t.levels.COUNTRY}</a>
      </main>
    );

  const parent = view.ancestors[view.ancestors.length - 1];
  const mapSummaries: Summary[] | undefined =
    view.level === 'COUNTRY'
      ? view.children.flatMap((r) => r.children)
      : view.level === 'REGION'
        ? view.children
        : undefined;
  const values = new Map<string, number>();
  for (const p of mapSummaries ?? []) {
    const v = metricOf(p, metric);
    if (v !== undefined) values.set(p.code, v);
  }
  const format = metric === 'students' ? (n: number) => count(Math.round(n)) : (n: number) => decimal(n);
  const go = (level: Level, code: string) => (location.hash = href(level, code));
  return (
    <main class="place" data-level={view.level} data-code={view.code}>
      <Breadcrumbs view={view} lang={lang} t={t} />
      <header class="place-head">
        {parent && (
          <a class="back" href={href(parent.level, parent.code)} data-back="true">
            {`← ${t.back}`}
          </a>
        )}
        <h2>
          <span class="level">{t.levels[view.level]}</span>{' '}
          {view.level === 'COUNTRY' ? (lang === 'th' ? 'ประเทศไทย' : 'Thailand') : nameOf(view, lang)}
          {view.level === 'SCHOOL' && <span class="code">{` ${view.code}`}</span>}
        </h2>
        <a class="explorer" href={explorerHref(view)} target="_blank" rel="noopener" data-explorer="true">
          {view.level === 'SCHOOL' ? t.schoolLinks : t.explorer}
        </a>
        <button
          type="button"
          class="copy"
          onClick={(e) => {
            void navigator.clipboard
              ?.writeText(session.token)
              .then(() => ((e.target as HTMLButtonElement).textContent = t.copied));
          }}
        >
          {t.copyToken}
        </button>
      </header>
      <Cards view={view} t={t} lang={lang} />
      {mapSummaries && (
        <section class="map-section">
          <label>
            {`${t.mapMetric} `}
            <select
              value={metric}
              onChange={(e) => setMetric((e.target as HTMLSelectElement).value as Metric)}
            >
              {METRICS.map((m) => (
                <option value={m} key={m}>
                  {t.metrics[m]}
                </option>
              ))}
            </select>
          </label>
          <ProvinceMap
            values={values}
            format={format}
            lang={lang}
            region={view.level === 'REGION' ? view.code : undefined}
            noDataLabel={t.legendNoData}
            title={`${t.map}: ${t.metrics[metric]}`}
            onSelect={(code) => go('PROVINCE', code)}
          />
        </section>
      )}
      <Charts view={view} lang={lang} t={t} />
      <ChildrenTable view={view} lang={lang} t={t} />
    </main>
  );
}
