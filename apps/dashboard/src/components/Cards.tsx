import type { AttendanceFigures, FigureSource, NutritionFigures, WarRoomView } from '../api';
import { count, date, decimal, money, percent, type Lang, type Strings } from '../i18n';

interface Field {
  key: string;
  label: string;
  value: string;
  /** A suppressed small cell (shown as "<5"). */
  suppressed?: boolean;
  tone?: 'bad' | 'good';
}

function sourceLine(source: FigureSource, t: Strings, lang: Lang): string {
  const parts: string[] = [];
  if (source.academicYear)
    parts.push(
      `${t.academicYear} ${source.academicYear}${source.round ? ` ${source.round}` : ''}${
        source.semester
          ? ` ${(source.kind === 'TERM' ? t.term : t.semester).replace('{n}', String(source.semester))}`
          : ''
      }`,
    );
  if (source.fiscalYear) parts.push(`${t.fiscalYear} ${source.fiscalYear}`);
  if (source.roundMonth) parts.push(t.roundMonth.replace('{n}', String(source.roundMonth)));
  if (source.kind === 'CURRENT') parts.push(t.current);
  parts.push(`${t.asOf} ${date(source.asOfDate ?? source.updatedAt, lang)}`);
  parts.push(`${count(source.schoolsReporting)} ${t.schoolsReporting}`);
  return parts.join(' · ');
}

function Card(props: {
  group: string;
  title: string;
  fields: Field[] | null;
  source?: FigureSource;
  t: Strings;
  lang: Lang;
}) {
  const { t } = props;
  return (
    <section class="card" data-group={props.group} data-state={props.fields ? 'data' : 'none'}>
      <h3>{props.title}</h3>
      {props.fields ? (
        <dl>
          {props.fields.map((f) => (
            <div class={`figure${f.tone ? ` ${f.tone}` : ''}`} key={f.key}>
              <dt>{f.label}</dt>
              <dd
                data-figure={`${props.group}.${f.key}`}
                data-suppressed={f.suppressed ? 'true' : undefined}
                title={f.suppressed ? t.suppressed : undefined}
              >
                {f.value}
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <p class="empty">{t.noData}</p>
      )}
      {props.source && <p class="source">{`${t.source}: ${sourceLine(props.source, t, props.lang)}`}</p>}
    </section>
  );
}

const small = (key: string, label: string, n: number | null): Field => ({
  key,
  label,
  value: count(n),
  suppressed: n === null,
});
const plain = (key: string, label: string, n: number, tone?: Field['tone']): Field => ({
  key,
  label,
  value: count(n),
  tone,
});

/**
 * One figure of a group as a card shows it: `key` names it on the page (`data-figure="group.key"`), `label`
 * its label in the page's language (Thai or English), `value` reads it from the group, and `format` says how
 * it shows: a 0–1 rate as a percentage, a count, or a small-cell count a viewer may see suppressed ("<5").
 */
interface Figure<G> {
  key: string;
  label: keyof Strings['fields'];
  value: (group: G) => number | null;
  format: 'percent' | 'count' | 'smallCell';
}

function fieldOf<G>(figure: Figure<G>, group: G, labels: Strings['fields']): Field {
  const { key, format } = figure;
  const label = labels[figure.label];
  const n = figure.value(group);
  if (format === 'percent') return { key, label, value: percent(n) };
  return format === 'smallCell' ? small(key, label, n) : plain(key, label, n as number);
}

/** A card of a figure group driven by its list of figures; a group with no data yet says so. */
function FigureCard<G extends { source: FigureSource }>(props: {
  group: string;
  title: string;
  data: G | null;
  figures: Array<Figure<G>>;
  t: Strings;
  lang: Lang;
}) {
  const { data, t } = props;
  return (
    <Card
      group={props.group}
      title={props.title}
      t={t}
      lang={props.lang}
      source={data?.source}
      fields={data && props.figures.map((f) => fieldOf(f, data, t.fields))}
    />
  );
}

/** Attendance, term to date: the rate first, then the counts it is made of. */
const ATTENDANCE: Array<Figure<AttendanceFigures>> = [
  { key: 'rate', label: 'attendanceRate', value: (a) => a.rate, format: 'percent' },
  { key: 'schoolDays', label: 'schoolDays', value: (a) => a.schoolDays, format: 'count' },
  { key: 'studentDays', label: 'studentDays', value: (a) => a.studentDays, format: 'smallCell' },
  { key: 'attended', label: 'attended', value: (a) => a.attended, format: 'smallCell' },
  { key: 'absent', label: 'absent', value: (a) => a.absent, format: 'smallCell' },
];

/** Nutrition, the latest term: the thin and short rates first, then the counts. */
const NUTRITION: Array<Figure<NutritionFigures>> = [
  { key: 'thinRate', label: 'thinRate', value: (n) => n.thinRate, format: 'percent' },
  { key: 'shortRate', label: 'shortRate', value: (n) => n.shortRate, format: 'percent' },
  { key: 'measured', label: 'measured', value: (n) => n.measured, format: 'smallCell' },
  { key: 'thin', label: 'thin', value: (n) => n.thin, format: 'smallCell' },
  { key: 'short', label: 'short', value: (n) => n.short, format: 'smallCell' },
  { key: 'overweight', label: 'overweight', value: (n) => n.overweight, format: 'smallCell' },
  { key: 'obese', label: 'obese', value: (n) => n.obese, format: 'smallCell' },
];

/** One card per figure group; a group the API has no data for yet says so. */
export function Cards(props: { view: WarRoomView; t: Strings; lang: Lang }) {
  const { view: v, t, lang } = props;
  const f = t.fields;
  const g = t.groups;
  const s = v.students;
  const tc = v.teachers;
  return (
    <div class="cards">
      <Card
        group="schools"
        title={g.schools}
        t={t}
        lang={lang}
        fields={[plain('schools', f.schools, v.schools)]}
      />
      <Card
        group="students"
        title={g.students}
        t={t}
        lang={lang}
        source={s?.source}
        fields={
          s && [
            small('total', f.total, s.total),
            small('male', f.male, s.male),
            small('female', f.female, s.female),
            small('poor', f.poor, s.poor),
            small('extremelyPoor', f.extremelyPoor, s.extremelyPoor),
            small('disabled', f.disabled, s.disabled),
            small('stateless', f.stateless, s.stateless),
            plain('classrooms', f.classrooms, s.classrooms),
            {
              key: 'studentsPerClassroom',
              label: f.studentsPerClassroom,
              value: decimal(s.studentsPerClassroom),
            },
          ]
        }
      />
      <Card
        group="smallSchools"
        title={g.smallSchools}
        t={t}
        lang={lang}
        source={v.smallSchools?.source}
        fields={v.smallSchools && [plain('smallSchools', f.smallSchools, v.smallSchools.smallSchools)]}
      />
      <Card
        group="teachers"
        title={g.teachers}
        t={t}
        lang={lang}
        source={tc?.source}
        fields={
          tc && [
            plain('required', f.required, tc.required),
            plain('present', f.present, tc.present),
            plain('gap', f.gap, tc.gap, tc.gap < 0 ? 'bad' : 'good'),
            plain('shortage', f.shortage, tc.shortage, tc.shortage > 0 ? 'bad' : undefined),
            plain('schoolsShort', f.schoolsShort, tc.schoolsShort),
            { key: 'studentsPerTeacher', label: f.studentsPerTeacher, value: decimal(tc.studentsPerTeacher) },
          ]
        }
      />
      <Card
        group="allocations"
        title={g.allocations}
        t={t}
        lang={lang}
        source={v.allocations?.source}
        fields={
          v.allocations && [{ key: 'total', label: f.allocationTotal, value: money(v.allocations.total) }]
        }
      />
      <Card
        group="buildings"
        title={g.buildings}
        t={t}
        lang={lang}
        source={v.buildings?.source}
        fields={
          v.buildings && [
            plain('buildings', f.buildings, v.buildings.buildings),
            plain('good', f.good, v.buildings.good),
            plain('needsRepair', f.needsRepair, v.buildings.needsRepair),
            plain('dilapidated', f.dilapidated, v.buildings.dilapidated),
            plain('unsafe', f.unsafe, v.buildings.unsafe, v.buildings.unsafe > 0 ? 'bad' : undefined),
          ]
        }
      />
      <Card
        group="internet"
        title={g.internet}
        t={t}
        lang={lang}
        source={v.internet?.source}
        fields={
          v.internet && [
            plain('withInternet', f.withInternet, v.internet.withInternet),
            plain(
              'withoutInternet',
              f.withoutInternet,
              v.internet.withoutInternet,
              v.internet.withoutInternet > 0 ? 'bad' : undefined,
            ),
            plain('notReporting', f.notReporting, v.internet.notReporting),
          ]
        }
      />
      <Card
        group="letters"
        title={g.letters}
        t={t}
        lang={lang}
        source={v.letters?.source}
        fields={
          v.letters && [
            plain('received', f.received, v.letters.received),
            plain('acknowledged', f.acknowledged, v.letters.acknowledged),
            plain('unacknowledged', f.unacknowledged, v.letters.unacknowledged),
            plain('overdue', f.overdue, v.letters.overdue, v.letters.overdue > 0 ? 'bad' : undefined),
          ]
        }
      />
      <Card
        group="indicators"
        title={g.indicators}
        t={t}
        lang={lang}
        source={v.indicators?.source}
        fields={
          v.indicators && [
            plain('results', f.results, v.indicators.results),
            {
              key: 'averageScore',
              label: f.averageScore,
              value: v.indicators.averageScore === null ? '–' : Number(v.indicators.averageScore).toFixed(2),
            },
          ]
        }
      />
      <FigureCard
        group="attendance"
        title={g.attendance}
        t={t}
        lang={lang}
        data={v.attendance}
        figures={ATTENDANCE}
      />
      <FigureCard
        group="nutrition"
        title={g.nutrition}
        t={t}
        lang={lang}
        data={v.nutrition}
        figures={NUTRITION}
      />
    </div>
  );
}
