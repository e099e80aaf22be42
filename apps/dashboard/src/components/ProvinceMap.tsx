import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import provincesJson from '../map/provinces.geo.json';

interface ProvinceProps {
  code: string;
  nameTh: string;
  nameEn: string;
  region: string;
}
type ProvinceFeature = Feature<MultiPolygon, ProvinceProps>;
const PROVINCES = (provincesJson as unknown as FeatureCollection<MultiPolygon, ProvinceProps>).features;

/** Sequential blues (ColorBrewer Blues, 5 classes, without the near-white first step); pale grey for no data. */
const RAMP = ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
const NO_DATA = '#eeeeee';

/**
 * Upper bounds of at most five classes: one class per distinct value when there are five or fewer,
 * else quintiles.
 */
function classBreaks(values: number[]): { breaks: number[]; exact: boolean } {
  const sorted = [...values].sort((a, b) => a - b);
  const distinct = [...new Set(sorted)];
  if (distinct.length <= RAMP.length) return { breaks: distinct, exact: true };
  const bounds = [0.2, 0.4, 0.6, 0.8].map((q) => sorted[Math.floor(q * sorted.length)]!);
  return { breaks: [...new Set([...bounds, sorted[sorted.length - 1]!])], exact: false };
}

function project(features: ProvinceFeature[]) {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const f of features)
    for (const poly of f.geometry.coordinates)
      for (const [x, y] of poly[0] ?? []) {
        minX = Math.min(minX, x!);
        maxX = Math.max(maxX, x!);
        minY = Math.min(minY, y!);
        maxY = Math.max(maxY, y!);
      }
  // Equirectangular with the x axis shrunk by cos(latitude): close enough for one country.
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const scale = 100;
  const width = (maxX - minX) * k * scale;
  const height = (maxY - minY) * scale;
  const path = (f: ProvinceFeature) =>
    f.geometry.coordinates
      .map((poly) =>
        poly
          .map(
            (ring) =>
              'M' +
              ring
                .map(([x, y]) => `${((x! - minX) * k * scale) | 0},${((maxY - y!) * scale) | 0}`)
                .join('L') +
              'Z',
          )
          .join(''),
      )
      .join('');
  return { width, height, path };
}

/**
 * Provinces coloured by a value (quintile classes). `region` limits the map to one region's
 * provinces; clicking a province calls `onSelect` with its code.
 */
export function ProvinceMap(props: {
  values: Map<string, number>;
  format: (n: number) => string;
  lang: 'th' | 'en';
  region?: string;
  highlight?: string;
  noDataLabel: string;
  title: string;
  onSelect: (code: string) => void;
}) {
  const features = PROVINCES.filter((f) => !props.region || f.properties.region === props.region);
  const { width, height, path } = project(features);
  const { breaks, exact } = classBreaks([...props.values.values()]);
  // Spread the classes over the ramp so that two classes are not two near-identical blues.
  const shade = (i: number) =>
    RAMP[breaks.length === 1 ? 3 : Math.round((i * (RAMP.length - 1)) / (breaks.length - 1))]!;
  const colour = (v: number | undefined) => {
    if (v === undefined) return NO_DATA;
    let i = 0;
    while (i < breaks.length - 1 && v > breaks[i]!) i++;
    return shade(i);
  };
  const legend = breaks.map((upper, i) => {
    const lower = i === 0 ? Math.min(...props.values.values()) : breaks[i - 1]!;
    return {
      colour: shade(i),
      label:
        exact || lower === upper ? props.format(upper) : `${props.format(lower)} – ${props.format(upper)}`,
    };
  });
  return (
    <figure class="map" data-map={props.region ?? 'country'}>
      <figcaption>{props.title}</figcaption>
      <svg
        viewBox={`-2 -2 ${Math.ceil(width) + 4} ${Math.ceil(height) + 4}`}
        role="img"
        aria-label={props.title}
      >
        {features.map((f) => {
          const v = props.values.get(f.properties.code);
          const name = props.lang === 'th' ? f.properties.nameTh : f.properties.nameEn;
          return (
            <path
              key={f.properties.code}
              d={path(f)}
              fill={colour(v)}
              class={`province${props.highlight === f.properties.code ? ' highlight' : ''}${v === undefined ? ' nodata' : ''}`}
              data-province={f.properties.code}
              tabIndex={v === undefined ? undefined : 0}
              onClick={() => v !== undefined && props.onSelect(f.properties.code)}
              onKeyDown={(e) => e.key === 'Enter' && v !== undefined && props.onSelect(f.properties.code)}
            >
              <title>{`${name}: ${v === undefined ? props.noDataLabel : props.format(v)}`}</title>
            </path>
          );
        })}
      </svg>
      <ul class="legend">
        {legend.map((l) => (
          <li key={l.colour}>
            <span class="swatch" style={{ background: l.colour }} />
            {l.label}
          </li>
        ))}
        <li>
          <span class="swatch" style={{ background: NO_DATA }} />
          {props.noDataLabel}
        </li>
      </ul>
    </figure>
  );
}
