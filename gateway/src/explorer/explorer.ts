import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';

const requireFromHere = createRequire(__filename);
const packageDir = (name: string) => path.dirname(requireFromHere.resolve(`${name}/package.json`));

/** Files the explorer page loads, all from installed npm packages: it works with no internet. */
const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  'react.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
};

const DEFAULT_QUERY = `# SMSS federated GraphQL — ระบบสารสนเทศเพื่อการบริหารจัดการโรงเรียน
# Paste your token into Headers: {"Authorization": "Bearer <token>"}
# (npm run token -- --role obec-admin --org OBEC)

query LopburiAreaOffices {
  areaOffices(provinceCode: "16") {
    code
    nameTh
    kind
    schoolCount
    schools(first: 5) {
      totalCount
      edges { node { obecCode nameTh schoolType } }
    }
  }
}
`;

export function explorerHtml(endpoint: string, assetBase: string, token?: string): string {
  const headers = token ? JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2) : '';
  return `<!doctype html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SMSS GraphQL Explorer</title>
<link rel="stylesheet" href="${assetBase}/graphiql.css">
<style>html,body,#explorer{height:100%;margin:0;}</style>
</head>
<body>
<div id="explorer">Loading the explorer… กำลังโหลด</div>
<script src="${assetBase}/react.js"></script>
<script src="${assetBase}/react-dom.js"></script>
<script src="${assetBase}/graphiql.js"></script>
<script>
  const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(endpoint)} });
  // Links from the dashboard open a prefilled operation: /explorer?query=…&variables=…
  const params = new URLSearchParams(location.search);
  ReactDOM.createRoot(document.getElementById('explorer')).render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
      query: params.get('query') || undefined,
      variables: params.get('variables') || undefined,
      defaultHeaders: ${JSON.stringify(headers)},
      shouldPersistHeaders: true,
      isHeadersEditorEnabled: true,
    }),
  );
</script>
</body>
</html>`;
}

/** Serves the explorer's static files under the mount path. */
export function explorerAssets(): Router {
  const router = express.Router();
  router.get('/:name', (req, res) => {
    const asset = ASSETS[req.params.name];
    if (!asset) {
      res.status(404).end();
      return;
    }
    res.type(asset.type);
    res.setHeader('cache-control', 'public, max-age=86400');
    res.sendFile(path.join(packageDir(asset.pkg), asset.file));
  });
  return router;
}
