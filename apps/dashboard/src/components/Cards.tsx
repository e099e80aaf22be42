import type {
  AllocationFigures,
  AttendanceFigures,
  BuildingFigures,
  FigureSource,
  IndicatorFigures,
  InternetFigures,
  LetterFigures,
  NutritionFigures,
  SmallSchoolFigures,
  SpendingFigures,
  StudentFigures,
  TeacherFigures,
  WarRoomView,
} from '../api';
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

/** What a figure reads from its group, by how it shows. */
interface Formats {
  /** A 0–1 rate as a percentage. */
  percent: number | null;
  count: number;
  /** A small-cell count a viewer may see suppressed ("<5"). */
  smallCell: number | null;
  /** A ratio with one decimal ("–" without one). */
  decimal: number | null;
  /** An exact baht decimal string. */
  money: string;
  /** A decimal string with two places ("–" without one). */
  score: string | null;
}

/**
 * One figure of a group as a card shows it: `key` names it on the page (`data-figure="group.key"`), `label`
 * its label in the page's language (Thai or English), `value` reads it from the group, `format` says how
 * it shows, and `tone` colours it (a shortage in red).
 */
type Figure<G> = {
  [F in keyof Formats]: {
    key: string;
    label: keyof Strings['fields'];
    format: F;
    value: (group: G) => Formats[F];
    tone?: (group: G) => Field['tone'];
  };
}[keyof Formats];

function shown(figure: Figure<unknown>, group: unknown): Pick<Field, 'value' | 'suppressed'> {
  switch (figure.format) {
    case 'percent':
      return { value: percent(figure.value(group)) };
    case 'decimal':
      return { value: decimal(figure.value(group)) };
    case 'money':
      return { value: money(figure.value(group)) };
    case 'score': {
      const s = figure.value(group);
      return { value: s === null ? '–' : Number(s).toFixed(2) };
    }
    case 'smallCell': {
      const n = figure.value(group);
      return { value: count(n), suppressed: n === null };
    }
    case 'count':
      return { value: count(figure.value(group)) };
  }
}

function fieldOf<G>(figure: Figure<G>, group: G, labels: Strings['fields']): Field {
  return {
    key: figure.key,
    label: labels[figure.label],
    ...shown(figure as Figure<unknown>, group),
    tone: figure.tone?.(group),
  };
}

/** The group's properties that hold a number, each named as its label is. */
type NumberKey<G> = { [K in keyof G]: G[K] extends number | null ? K : never }[keyof G] &
  keyof Strings['fields'] &
  string;

/** Figures read straight from the group's property of the same name, labelled by the field of that name. */
function named<G>(
  format: 'count' | 'smallCell' | 'percent' | 'decimal',
  ...keys: Array<NumberKey<G>>
): Array<Figure<G>> {
  // `NumberKey` admits only number properties, which is what these formats read.
  return keys.map((key) => ({ key, label: key, format, value: (g: G) => g[key] }) as Figure<G>);
}

/** A count read as `named` reads it, coloured by `tone` (a shortage in red). */
function toned<G>(key: NumberKey<G>, tone: (n: number) => Field['tone']): Figure<G> {
  return { ...named<G>('count', key)[0]!, tone: (g: G) => tone(g[key] as number) };
}

/** A card of a figure group driven by its list of figures; a group with no data yet says so. */
function FigureCard<G extends { source?: FigureSource }>(props: {
  group: keyof Strings['groups'];
  data: G | null;
  figures: Array<Figure<G>>;
  t: Strings;
  lang: Lang;
}) {
  const { data, t } = props;
  return (
    <Card
      group={props.group}
      title={t.groups[props.group]}
      t={t}
      lang={props.lang}
      source={data?.source}
      fields={data && props.figures.map((f) => fieldOf(f, data, t.fields))}
    />
  );
}

/** A count that is bad news when above zero. */
const bad = (n: number): Field['tone'] => (n > 0 ? 'bad' : undefined);

/** The place's open schools: from the directory, with no source line of its own. */
type SchoolCount = Pick<WarRoomView, 'schools'> & { source?: FigureSource };
const SCHOOLS: Array<Figure<SchoolCount>> = named('count', 'schools');

const STUDENTS: Array<Figure<StudentFigures>> = [
  ...named<StudentFigures>(
    'smallCell',
    'total',
    'male',
    'female',
    'poor',
    'extremelyPoor',
    'disabled',
    'stateless',
  ),
  ...named<StudentFigures>('count', 'classrooms'),
  ...named<StudentFigures>('decimal', 'studentsPerClassroom'),
];

const SMALL_SCHOOLS: Array<Figure<SmallSchoolFigures>> = named('count', 'smallSchools');

/** Teachers against the staffing rule: a negative gap and any shortage in red. */
const TEACHERS: Array<Figure<TeacherFigures>> = [
  ...named<TeacherFigures>('count', 'required', 'present'),
  toned<TeacherFigures>('gap', (n) => (n < 0 ? 'bad' : 'good')),
  toned<TeacherFigures>('shortage', bad),
  ...named<TeacherFigures>('count', 'schoolsShort'),
  ...named<TeacherFigures>('decimal', 'studentsPerTeacher'),
];

const ALLOCATIONS: Array<Figure<AllocationFigures>> = [
  { key: 'total', label: 'allocationTotal', format: 'money', value: (a) => a.total },
];

const SPENDING: Array<Figure<SpendingFigures>> = [
  { key: 'total', label: 'spendingTotal', format: 'money', value: (s) => s.total },
  ...named<SpendingFigures>('count', 'vouchers'),
];

const BUILDINGS: Array<Figure<BuildingFigures>> = [
  ...named<BuildingFigures>('count', 'buildings', 'good', 'needsRepair', 'dilapidated'),
  toned<BuildingFigures>('unsafe', bad),
];

const INTERNET: Array<Figure<InternetFigures>> = [
  ...named<InternetFigures>('count', 'withInternet'),
  toned<InternetFigures>('withoutInternet', bad),
  ...named<InternetFigures>('count', 'notReporting'),
];

const LETTERS: Array<Figure<LetterFigures>> = [
  ...named<LetterFigures>('count', 'received', 'acknowledged', 'unacknowledged'),
  toned<LetterFigures>('overdue', bad),
];

const INDICATORS: Array<Figure<IndicatorFigures>> = [
  ...named<IndicatorFigures>('count', 'results'),
  { key: 'averageScore', label: 'averageScore', format: 'score', value: (i) => i.averageScore },
];

/** Attendance, term to date: the rate first, then the counts it is made of. */
const ATTENDANCE: Array<Figure<AttendanceFigures>> = [
  { key: 'rate', label: 'attendanceRate', format: 'percent', value: (a) => a.rate },
  ...named<AttendanceFigures>('count', 'schoolDays'),
  ...named<AttendanceFigures>('smallCell', 'studentDays', 'attended', 'absent'),
];

/** Nutrition, the latest term: the thin and short rates first, then the counts. */
const NUTRITION: Array<Figure<NutritionFigures>> = [
  ...named<NutritionFigures>('percent', 'thinRate', 'shortRate'),
  ...named<NutritionFigures>('smallCell', 'measured', 'thin', 'short', 'overweight', 'obese'),
];

/** One card per figure group; a group the API has no data for yet says so. */
export function Cards(props: { view: WarRoomView; t: Strings; lang: Lang }) {
  const { view: v, t, lang } = props;
  const card = <G extends { source?: FigureSource }>(
    group: keyof Strings['groups'],
    data: G | null,
    figures: Array<Figure<G>>,
  ) => <FigureCard group={group} data={data} figures={figures} t={t} lang={lang} />;
  return (
    <div class="cards">
      {card('schools', { schools: v.schools }, SCHOOLS)}
      {card('students', v.students, STUDENTS)}
      {card('smallSchools', v.smallSchools, SMALL_SCHOOLS)}
      {card('teachers', v.teachers, TEACHERS)}
      {card('allocations', v.allocations, ALLOCATIONS)}
      {card('spending', v.spending, SPENDING)}
      {card('buildings', v.buildings, BUILDINGS)}
      {card('internet', v.internet, INTERNET)}
      {card('letters', v.letters, LETTERS)}
      {card('indicators', v.indicators, INDICATORS)}
      {card('attendance', v.attendance, ATTENDANCE)}
      {card('nutrition', v.nutrition, NUTRITION)}
    </div>
  );
}
