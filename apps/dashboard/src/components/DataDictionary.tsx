import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Lang, Strings } from '../i18n';

/** The shape of the gateway's `/data-dictionary.json` (gateway/src/data-dictionary.ts). */
interface Described {
  en: string;
  th: string;
}
interface Field extends Described {
  name: string;
  type: string;
  classification: string | null;
  smallCell: boolean;
  subgraphs: string[];
}
interface TypeEntry extends Described {
  name: string;
  kind: string;
  owner: string | null;
  classification: string | null;
  subgraphs: string[];
  fields: Field[];
  values: Array<Described & { name: string }>;
}
interface Dictionary {
  subgraphs: string[];
  operations: Array<Described & { name: string; kind: string; type: string; subgraphs: string[] }>;
  types: TypeEntry[];
  codeLists: Array<
    Described & {
      name: string;
      source: string;
      codes: Array<{ code: string; nameTh: string; nameEn: string; parent?: string }>;
    }
  >;
}

const text = (d: Described, lang: Lang) => (lang === 'th' ? d.th || d.en : d.en || d.th);
const other = (d: Described, lang: Lang) => (lang === 'th' ? d.en : d.th);

function Badge({ value, t }: { value: string | null; t: Strings }) {
  if (!value) return null;
  return <span class={`badge class-${value}`}>{t.dictionary.classes[value] ?? value}</span>;
}

/** `#/dictionary`: the data standard, public (no sign-in), searchable, in the viewer's language. */
export function DataDictionary({ lang, t }: { lang: Lang; t: Strings }) {
  const [dictionary, setDictionary] = useState<Dictionary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [dataClass, setDataClass] = useState('');
  useEffect(() => {
    fetch('/data-dictionary.json', { headers: { accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then(setDictionary, (e: Error) => setError(e.message));
  }, []);
  const types = useMemo(() => {
    if (!dictionary) return [];
    const q = query.trim().toLowerCase();
    const hit = (name: string, d: Described) =>
      !q || name.toLowerCase().includes(q) || d.en.toLowerCase().includes(q) || d.th.includes(q);
    return dictionary.types
      .map((ty) => {
        const fields = ty.fields.filter(
          (f) => (!dataClass || f.classification === dataClass) && (hit(f.name, f) || hit(ty.name, ty)),
        );
        const values = dataClass ? [] : ty.values.filter((v) => hit(v.name, v) || hit(ty.name, ty));
        return { ...ty, fields, values };
      })
      .filter((ty) => ty.fields.length || ty.values.length);
  }, [dictionary, query, dataClass]);
  const d = t.dictionary;
  if (error) return <p class="error">{error}</p>;
  if (!dictionary) return <p class="loading">{t.loading}</p>;
  return (
    <main class="dictionary">
      <h2>{d.title}</h2>
      <p class="note">{d.intro}</p>
      <div class="dictionary-tools">
        <input
          type="search"
          id="dictionary-search"
          placeholder={d.search}
          value={query}
          onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
        />
        <select
          id="dictionary-class"
          value={dataClass}
          onChange={(e) => setDataClass((e.target as HTMLSelectElement).value)}
        >
          <option value="">{d.allClasses}</option>
          {['public', 'aggregate', 'personal', 'sensitive'].map((c) => (
            <option value={c}>{d.classes[c]}</option>
          ))}
        </select>
        <a href="/data-dictionary.json" download>
          {d.json}
        </a>
      </div>
      <p class="note" id="dictionary-count">
        {d.shown.replace('{n}', String(types.length)).replace('{total}', String(dictionary.types.length))}
      </p>
      {types.map((ty) => (
        <section class="dictionary-type" id={`type-${ty.name}`} data-type={ty.name}>
          <h3>
            {ty.name} <Badge value={ty.classification} t={t} />
          </h3>
          <p>
            {text(ty, lang)} <span class="note">{other(ty, lang)}</span>
          </p>
          <p class="note">
            {ty.owner && `${d.owner}: ${ty.owner} · `}
            {`${d.subgraphs}: ${ty.subgraphs.join(', ')}`}
          </p>
          {ty.fields.length > 0 && (
            <table>
              <thead>
                <tr>
                  <th>{d.field}</th>
                  <th>{d.type}</th>
                  <th>{d.classification}</th>
                  <th>{d.description}</th>
                  <th>{d.subgraphs}</th>
                </tr>
              </thead>
              <tbody>
                {ty.fields.map((f) => (
                  <tr data-field={`${ty.name}.${f.name}`}>
                    <td>
                      <code>{f.name}</code>
                    </td>
                    <td>
                      <code>{f.type}</code>
                    </td>
                    <td>
                      <Badge value={f.classification} t={t} />
                    </td>
                    <td>
                      {text(f, lang)} <span class="note">{other(f, lang)}</span>
                    </td>
                    <td class="note">{f.subgraphs.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {ty.values.length > 0 && (
            <table>
              <tbody>
                {ty.values.map((v) => (
                  <tr data-value={`${ty.name}.${v.name}`}>
                    <td>
                      <code>{v.name}</code>
                    </td>
                    <td>
                      {text(v, lang)} <span class="note">{other(v, lang)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
      <h2>{d.codeLists}</h2>
      {dictionary.codeLists.map((c) => (
        <details class="dictionary-codes" data-code-list={c.name}>
          <summary>
            {c.name}: {text(c, lang)} ({c.codes.length})
          </summary>
          <table>
            <tbody>
              {c.codes.map((code) => (
                <tr>
                  <td>
                    <code>{code.code}</code>
                  </td>
                  <td>{lang === 'th' ? code.nameTh : code.nameEn}</td>
                  <td class="note">{code.parent ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ))}
    </main>
  );
}
