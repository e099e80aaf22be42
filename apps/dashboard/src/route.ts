import { LEVELS, type Level } from './api';

/** Hash routes: `#/` is the country, `#/PROVINCE/16`, `#/SCHOOL/1016010001`, … */
export interface Route {
  level: Level;
  code?: string;
}

export function parseRoute(hash: string): Route {
  const [level, ...rest] = hash.replace(/^#\/?/, '').split('/');
  const code = rest.length ? decodeURIComponent(rest.join('/')) : undefined;
  if (level && (LEVELS as readonly string[]).includes(level) && level !== 'COUNTRY' && code)
    return { level: level as Level, code };
  return { level: 'COUNTRY' };
}

export const href = (level: Level, code?: string): string =>
  level === 'COUNTRY' || !code ? '#/' : `#/${level}/${encodeURIComponent(code)}`;
