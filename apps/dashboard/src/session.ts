/** The signed-in token lives in sessionStorage (gone when the tab closes); the language in localStorage. */
import type { Lang } from './i18n';

export interface Session {
  token: string;
  role: string;
  orgCode: string;
}

const TOKEN_KEY = 'smss.dashboard.session';
const LANG_KEY = 'smss.dashboard.lang';

/** Role and organisation from the token's claims (for display only; the gateway verifies the token). */
export function sessionFromToken(token: string): Session | null {
  const part = token.trim().split('.')[1];
  if (!part) return null;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as { role?: string; org?: string; exp?: number };
    if (claims.exp && claims.exp * 1000 < Date.now()) return null;
    return { token: token.trim(), role: String(claims.role ?? '?'), orgCode: String(claims.org ?? '?') };
  } catch {
    return null;
  }
}

export function loadSession(): Session | null {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? sessionFromToken(token) : null;
}
export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(TOKEN_KEY, session.token);
  else sessionStorage.removeItem(TOKEN_KEY);
}
export function loadLang(): Lang {
  return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'th';
}
export function saveLang(lang: Lang): void {
  localStorage.setItem(LANG_KEY, lang);
}
