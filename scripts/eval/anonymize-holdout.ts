/**
 * `npx tsx scripts/eval/anonymize-holdout.ts > holdout.jsonl`: a small
 * hand-written corpus, not made by the generator whose formats the rules
 * were tuned on, so its figures say how the anonymizer does on text nobody
 * shaped for it. Values are marked inline as [[kind:value]]; the script
 * strips the marks and writes {"id", "text", "planted"} lines.
 */

const ROWS: string[] = [
  'Azure says 403. My connection string: DefaultEndpointsProtocol=https;AccountName=shopdata;AccountKey=[[secret:Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3A=]];EndpointSuffix=core.windows.net',
  'spring.datasource.url=jdbc:postgresql://localhost:5432/shop\nspring.datasource.username=shop\nspring.datasource.password=[[password:Tr1cky#Pass]]\n',
  'Posting to https://[[slack_token:hooks.slack.com/services/T024BE7LD/B08A1B2C3D4/abcDEFghiJKLmnoPQRstuVWX]] returns invalid_payload, payload is {"text": "deploy done"}',
  "I'm [[name:Marta]], from the data team — the cron on [[ip:172.16.4.21]] fails with ECONNREFUSED.",
  'Reach me on [[phone:+44 7700 900123]] if the build breaks again.\n\n— [[name:Jonas Berg]]',
  'heroku config:set HEROKU_API_KEY=[[secret:4f8e2a1c-9b7d-4e3f-a6c5-1d2e3f4a5b6c]] --app shop-api',
  'traceback:\n  File "[[path:/Users/kenji/dev/shop/.venv/lib/python3.12/site-packages/requests/adapters.py]]", line 519, in send\nrequests.exceptions.ConnectionError: HTTPSConnectionPool(host=\'api.shop.io\', port=443)',
  'git remote set-url origin https://[[url_credentials:oauth2:glpat-Xy7_kL9mN2pQ7rS4tU1v]]@gitlab.com/shop/api.git',
  'export OPENAI_API_KEY="[[openai_key:sk-proj-Qm9vX2Jhcl9iYXpfcXV4XzEyMzQ1Njc4OTBhYmNkZWZnaGlqa2xtbm9w]]"\nnpm run dev',
  'mysql -h [[ip:10.20.30.40]] -u root -p[[password:R00tP@ss!]] shop < dump.sql',
  'Email from [[email:priya.natarajan@bigcorp.example]] says the invoice job double-charged three customers.',
  'docker login -u shopbot -p [[secret:dckr_pat_2YotnFZFEjr1zCsicMWpAAkH4]] registry.example.com',
  'const stripe = new Stripe(\'[[stripe_key:sk_test_51H8x2LkQz7Xw41Pn0aB3dE6gH9jK2mN5pQ8]]\', { apiVersion: "2024-06-20" });',
  'ssh -i [[path:~/.ssh/shop_deploy]] ubuntu@[[ip:54.210.33.7]] "sudo systemctl restart api"',
  'Thanks for the help!\nBest,\n[[name:Sofia Marchetti]]',
  'The token in my request header is Bearer [[jwt:eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJpc3MiOiJodHRwczovL2F1dGguc2hvcC5pbyIsInN1YiI6IjQyIn0.c2lnbmF0dXJlX2J5dGVzX2hlcmVfMTIzNDU2Nzg5MA]] and it still 401s',
  'redis://[[url_credentials::[[password:kv-s3cret-991]]]]@cache.internal:6379/0',
  'My Windows path is [[path:C:\\Users\\amelie.dubois\\AppData\\Roaming\\npm\\node_modules]] and npm cannot find it',
  '[default]\naws_access_key_id = [[aws_key:AKIA4EXAMPLEXZ7QW2RT]]\naws_secret_access_key = [[aws_secret: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]]\nregion = eu-central-1',
  'Sentry DSN: https://[[secret:3f8c2d1e9a7b4c6d8e0f1a2b3c4d5e6f]]@o123456.ingest.sentry.io/7891011',
  'const client = new Client({ host: "db.internal", user: "api", password: process.env.PGPASSWORD, port: 5432 });',
  'Could you review the retry logic in src/lib/http.ts? It uses exponential backoff with jitter (base 200 ms, cap 30 s).',
  'The commit a3f9c2e broke the checkout; git bisect points at 9b1d4e7f and the CI run 1180 on node 20.11.1.',
  'function hashPassword(password: string): Promise<string> { return bcrypt.hash(password, 12); }',
  'UUIDs like 550e8400-e29b-41d4-a716-446655440000 are fine to share; so is sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.',
];

interface Planted {
  kind: string;
  start: number;
  end: number;
}

/** Strips [[kind:value]] marks (they may nest, as a password inside credentials) and records each value's span. */
function unmark(marked: string): { text: string; planted: Planted[] } {
  let text = '';
  const planted: Planted[] = [];
  const open: { kind: string; start: number }[] = [];
  for (let i = 0; i < marked.length;) {
    if (marked.startsWith('[[', i)) {
      const colon = marked.indexOf(':', i + 2);
      open.push({ kind: marked.slice(i + 2, colon), start: text.length });
      i = colon + 1;
    } else if (marked.startsWith(']]', i) && open.length) {
      const o = open.pop()!;
      planted.push({ kind: o.kind, start: o.start, end: text.length });
      i += 2;
    } else {
      text += marked[i++];
    }
  }
  return { text, planted: planted.sort((a, b) => a.start - b.start) };
}

/** The hand-written rows with their planted values. */
export function holdoutRows(): { id: string; text: string; planted: Planted[] }[] {
  return ROWS.map((row, i) => ({ id: `h${i + 1}`, ...unmark(row) }));
}

if (process.argv[1]?.endsWith('anonymize-holdout.ts')) {
  for (const row of holdoutRows()) process.stdout.write(`${JSON.stringify(row)}\n`);
}
