import { useEffect, useState } from 'preact/hooks';
import { devRoles, devSignIn, type DevRole } from '../api';
import { sessionFromToken, type Session } from '../session';
import type { Strings } from '../i18n';

/**
 * Sign-in with the platform's bearer tokens: in development a role picker (the gateway mints the
 * token with the `npm run token` logic); anywhere, a pasted token from the identity provider.
 */
export function SignIn(props: { t: Strings; onSignIn: (s: Session) => void }) {
  const { t } = props;
  const [roles, setRoles] = useState<DevRole[] | null | undefined>(undefined);
  const [role, setRole] = useState('obec-admin');
  const [org, setOrg] = useState('');
  const [pasted, setPasted] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    void devRoles().then(setRoles);
  }, []);
  const chosen = roles?.find((r) => r.role === role);
  return (
    <main class="signin">
      <h2>{t.signIn}</h2>
      {roles === undefined && <p>{t.loading}</p>}
      {roles && (
        <form
          id="dev-signin"
          onSubmit={(e) => {
            e.preventDefault();
            setError('');
            devSignIn(role, org)
              .then((s) => props.onSignIn(s))
              .catch((err: Error & { messageTh?: string }) => setError(err.messageTh ?? err.message));
          }}
        >
          <h3>{t.signInDev}</h3>
          <label>
            {t.role}
            <select name="role" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value)}>
              {roles.map((r) => (
                <option value={r.role} key={r.role}>{`${t.roles[r.role] ?? r.role} (${r.role})`}</option>
              ))}
            </select>
          </label>
          <label>
            {t.org}
            <input
              name="org"
              value={org}
              placeholder={chosen?.defaultOrg}
              onInput={(e) => setOrg((e.target as HTMLInputElement).value)}
            />
          </label>
          <button type="submit">{t.signIn}</button>
        </form>
      )}
      {roles === null && <p class="note">{t.noDevSignIn}</p>}
      <form
        id="token-signin"
        onSubmit={(e) => {
          e.preventDefault();
          const s = sessionFromToken(pasted);
          if (s) props.onSignIn(s);
          else setError('โทเค็นไม่ถูกต้องหรือหมดอายุ · The token is invalid or expired');
        }}
      >
        <label>
          {t.pasteToken}
          <textarea
            name="token"
            rows={3}
            value={pasted}
            onInput={(e) => setPasted((e.target as HTMLTextAreaElement).value)}
          />
        </label>
        <button type="submit">{t.useToken}</button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
