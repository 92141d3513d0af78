/**
 * `npx tsx scripts/eval/anonymize-corpus.ts [rows] [seed] > corpus.jsonl`:
 * a corpus for the anonymizer, generated so that every planted secret and
 * personal datum is at a known offset. Rows are realistic formats: code
 * snippets, .env and config files, logs, stack traces, shell sessions and
 * chat messages, with plenty of ordinary technical text that must survive
 * (hashes, UUIDs, versions, URLs, `process.env.API_KEY`, identifiers).
 * Each line: {"id", "text", "planted": [{"kind", "start", "end"}]}; score it
 * with `npm run -s eval -- anonymize corpus.jsonl --score`.
 * Deterministic for a seed (the committed corpus is rows 400, seed 15).
 */

export interface PlantedRow {
  id: string;
  text: string;
  planted: { kind: string; start: number; end: number }[];
}

/** mulberry32: a small seeded generator, so the corpus is the same on every machine. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const chars = (alphabet: string, n: number) =>
    Array.from({ length: n }, () => alphabet[int(alphabet.length)]).join('');
  return { next, int, pick, chars };
}
type Rng = ReturnType<typeof rng>;

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64 = `${ALNUM}+/`;
const B64URL = `${ALNUM}_-`;
const HEX = '0123456789abcdef';
const FIRST = [
  'Alice',
  'Bob',
  'Carol',
  'Dmitri',
  'Elena',
  'Farid',
  'Grace',
  'Hiroshi',
  'Ingrid',
  'Jamal',
  'Keiko',
  'Lars',
  'Maria',
  'Nikhil',
  'Olga',
  'Pedro',
  'Quentin',
  'Rosa',
  'Sven',
  'Tanvi',
];
const LAST = [
  'Smith',
  'Nguyen',
  'Okafor',
  'Schmidt',
  'Kowalski',
  'Fernandes',
  'Tanaka',
  'Haddad',
  'Johansson',
  'Moreau',
  'Rossi',
  'Petrov',
  'Garcia',
  'Chen',
  'Walsh',
];
const DOMAINS = [
  'example.com',
  'acme-corp.io',
  'mail.fastmail.com',
  'gmail.com',
  'proton.me',
  'contoso.co.uk',
  'startup.dev',
];

function base64url(s: string): string {
  return Buffer.from(s).toString('base64').replace(/=/g, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/** Values of each kind, in the formats the providers publish. */
const VALUES: Record<string, (r: Rng) => string> = {
  aws_key: (r) => r.pick(['AKIA', 'ASIA']) + r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16),
  aws_secret: (r) => r.chars(B64, 40),
  github_token: (r) =>
    r.next() < 0.7
      ? r.pick(['ghp_', 'gho_', 'ghs_']) + r.chars(ALNUM, 36)
      : `github_pat_${r.chars(ALNUM, 22)}_${r.chars(ALNUM, 59)}`,
  gitlab_token: (r) => `glpat-${r.chars(B64URL, 20)}`,
  slack_token: (r) =>
    `${r.pick(['xoxb', 'xoxp'])}-${r.chars('0123456789', 12)}-${r.chars('0123456789', 13)}-${r.chars(ALNUM, 24)}`,
  stripe_key: (r) => `${r.pick(['sk_live_', 'rk_live_', 'sk_test_'])}${r.chars(ALNUM, r.pick([24, 34, 99]))}`,
  openai_key: (r) => (r.next() < 0.6 ? `sk-proj-${r.chars(B64URL, 48)}` : `sk-${r.chars(ALNUM, 48)}`),
  anthropic_key: (r) => `sk-ant-api03-${r.chars(B64URL, 93)}AA`,
  google_api_key: (r) => `AIza${r.chars(B64URL, 35)}`,
  npm_token: (r) => `npm_${r.chars(ALNUM, 36)}`,
  twilio_key: (r) => `SK${r.chars(HEX, 32)}`,
  sendgrid_key: (r) => `SG.${r.chars(B64URL, 22)}.${r.chars(B64URL, 43)}`,
  jwt: (r) =>
    `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify({ sub: String(r.int(1e9)), name: r.pick(FIRST), iat: 1700000000 + r.int(1e7) }))}.${r.chars(B64URL, 43)}`,
  private_key: (r) => {
    const type = r.pick(['RSA ', 'EC ', 'OPENSSH ', '']);
    const lines = Array.from({ length: 6 + r.int(10) }, () => r.chars(B64, 64));
    return `-----BEGIN ${type}PRIVATE KEY-----\n${lines.join('\n')}\n${r.chars(B64, 20)}==\n-----END ${type}PRIVATE KEY-----`;
  },
  password: (r) =>
    r.pick([
      'hunter2',
      'S3cure!Pass',
      'correct-horse-battery-9',
      'Tr0ub4dor&3',
      'p@ssw0rd2024',
      'qwerty!123',
      'Winter2025!',
    ]),
  email: (r) =>
    `${r.pick(FIRST).toLowerCase()}${r.pick(['.', '_', ''])}${r.pick(LAST).toLowerCase()}@${r.pick(DOMAINS)}`,
  phone: (r) =>
    r.pick([
      () => `+1 ${200 + r.int(700)}-555-${String(r.int(10000)).padStart(4, '0')}`,
      () => `(${200 + r.int(700)}) 555-${String(r.int(10000)).padStart(4, '0')}`,
      () => `+44 20 7946 ${String(r.int(10000)).padStart(4, '0')}`,
      () => `+49 30 ${String(10000000 + r.int(89999999))}`,
      () => `+33 6 12 34 ${String(10 + r.int(89))} ${String(10 + r.int(89))}`,
    ])(),
  ip: (r) =>
    r.next() < 0.75
      ? r.pick([
          `10.${r.int(256)}.${r.int(256)}.${1 + r.int(254)}`,
          `192.168.${r.int(256)}.${1 + r.int(254)}`,
          `${11 + r.int(180)}.${r.int(256)}.${r.int(256)}.${1 + r.int(254)}`,
        ])
      : `2001:db8:${r.chars(HEX, 4)}:${r.chars(HEX, 3)}::${r.chars(HEX, 2)}`,
  path: (r) => {
    const user = r.pick(FIRST).toLowerCase();
    return r.pick([
      `/home/${user}/projects/${r.pick(['api', 'web', 'shop'])}/src/${r.pick(['index.ts', 'main.py', 'server.go'])}`,
      `/Users/${user}/code/${r.pick(['app', 'cli'])}/package.json`,
      `C:\\Users\\${user}\\source\\repos\\App\\Program.cs`,
      `~/${r.pick(['.ssh/id_ed25519', 'Downloads/report.pdf', 'dev/notes.md'])}`,
    ]);
  },
  name: (r) => `${r.pick(FIRST)}${r.next() < 0.6 ? ` ${r.pick(LAST)}` : ''}`,
  high_entropy: (r) => r.chars(ALNUM, 32 + r.int(9)),
};

/** The text that must survive: ordinary technical content around the planted values. */
const FILLER: readonly ((r: Rng) => string)[] = [
  () => 'const apiKey = process.env.API_KEY;\nif (!apiKey) throw new Error("API_KEY is not set");\n',
  () =>
    "import { useState, useEffect } from 'react';\nexport function useDebounce<T>(value: T, ms = 300) {\n  const [v, setV] = useState(value);\n  useEffect(() => { const t = setTimeout(() => setV(value), ms); return () => clearTimeout(t); }, [value, ms]);\n  return v;\n}\n",
  (r) =>
    `commit ${r.chars(HEX, 40)}\nMerge: ${r.chars(HEX, 7)} ${r.chars(HEX, 7)}\n\n    Fix race in connection pool when the server restarts\n`,
  (r) =>
    `"integrity": "sha512-${r.chars(B64, 86)}==",\n"resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",\n`,
  (r) =>
    `request_id=${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-4${r.chars(HEX, 3)}-a${r.chars(HEX, 3)}-${r.chars(HEX, 12)} status=200 duration_ms=${r.int(900)}\n`,
  () =>
    'def parse_config(path: str) -> dict:\n    """Read the YAML config and merge the defaults."""\n    with open(path) as f:\n        return {**DEFAULTS, **yaml.safe_load(f)}\n',
  () => 'password = getpass.getpass("Password: ")\ntoken = os.environ["GITHUB_TOKEN"]\n',
  () =>
    'func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {\n\tpassword := r.FormValue("password")\n\tif err := s.auth.Check(r.Context(), password); err != nil {\n\t\thttp.Error(w, "unauthorized", http.StatusUnauthorized)\n\t}\n}\n',
  (r) =>
    `2025-0${1 + r.int(9)}-1${r.int(10)}T08:${10 + r.int(50)}:${10 + r.int(50)}.${r.int(999)}Z INFO  [worker-${r.int(8)}] Processed batch ${r.int(10000)} in ${r.int(500)} ms (v2.${r.int(20)}.${r.int(10)})\n`,
  () => 'std::vector<int> xs; for (auto& x : xs) { std::cout << x << std::endl; }\nlet cfg = Config::from_env()?;\n',
  () =>
    'Traceback (most recent call last):\n  File "src/app/main.py", line 42, in <module>\n    main()\nKeyError: \'user_id\'\n',
  () =>
    "The build fails with `Module not found: Can't resolve '@/components/ui/button'` after upgrading Next.js from 14.2.3 to 15.0.1. I already tried deleting .next and node_modules.\n",
  () =>
    'Could you explain why useEffect runs twice in development? I read the React docs but the strict mode part confuses me.\n',
  () =>
    'SELECT u.id, u.created_at, count(o.id) AS orders FROM users u LEFT JOIN orders o ON o.user_id = u.id GROUP BY u.id ORDER BY orders DESC LIMIT 20;\n',
  () =>
    'docker run -d -p 5432:5432 -e POSTGRES_PASSWORD=$POSTGRES_PASSWORD -v pgdata:/var/lib/postgresql/data postgres:16\n',
  () =>
    'color: #1e293b; background: rgba(15, 23, 42, 0.8); transition: transform 150ms cubic-bezier(0.4, 0, 0.2, 1);\n',
  () =>
    'getUserAccountSettingsForAdminPanel, MAX_RETRY_ATTEMPTS_BEFORE_BACKOFF and handleWebSocketReconnectTimeout are all exported from utils/network.ts.\n',
  () =>
    'The docs at https://nextjs.org/docs/app/building-your-application/routing say dynamic segments need generateStaticParams for output: export.\n',
  () =>
    'apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n',
  () =>
    'at processTicksAndRejections (node:internal/process/task_queues:95:5)\n    at async Promise.all (index 0)\n    at async fetchUser (webpack-internal:///./src/lib/api.ts:17:20)\n',
];

type Piece = string | { kind: string; value: string };

/** The formats: each returns pieces, planted values marked with their kind (a value's own span may be part of the piece). */
const TEMPLATES: readonly ((r: Rng, v: (kind: string) => Piece) => Piece[])[] = [
  // .env file
  (r, v) => [
    '# .env.local\nNODE_ENV=production\nPORT=3000\nDATABASE_URL=postgres://',
    { kind: 'url_credentials', value: `app_user:${VALUES.password(r)}` },
    `@db.internal:5432/app\nSTRIPE_SECRET_KEY=`,
    v('stripe_key'),
    '\nOPENAI_API_KEY=',
    v('openai_key'),
    '\nAWS_ACCESS_KEY_ID=',
    v('aws_key'),
    '\nAWS_SECRET_ACCESS_KEY=',
    v('aws_secret'),
    '\nLOG_LEVEL=info\n',
  ],
  // a config module
  (r, v) => [
    "export const config = {\n  region: 'eu-west-1',\n  github: { token: '",
    v('github_token'),
    "' },\n  smtp: { host: 'smtp.example.com', port: 587, user: 'mailer', password: '",
    v('password'),
    "' },\n  retries: 3,\n};\n",
  ],
  // a chat message pasting a failing request
  (r, v) => [
    'Why does this return 401? I call it with curl:\n\ncurl -H "Authorization: Bearer ',
    v('jwt'),
    '" https://api.acme-corp.io/v2/orders?limit=50\n\nThe server log says token expired but I just created it.\n',
  ],
  // a stack trace from the user's machine
  (r, v) => [
    "Error: ENOENT: no such file or directory, open '",
    v('path'),
    "'\n    at Object.openSync (node:fs:596:3)\n    at readConfig (",
    v('path'),
    ':12:18)\n',
  ],
  // a support e-mail with a signature
  (r, v) => [
    'Hi team,\n\nthe nightly export stopped at 03:12 UTC, the job id is 8812. You can reach me at ',
    v('email'),
    ' or ',
    v('phone'),
    '.\n\nThanks,\n',
    v('name'),
    '\n',
  ],
  // a log with client addresses
  (r, v) => [
    `${new Date(1735689600000 + r.int(1e9)).toISOString()} WARN  rate limit exceeded for client `,
    v('ip'),
    ' (429, retry after 30 s)\n',
    `${new Date(1735689600000 + r.int(1e9)).toISOString()} INFO  upstream `,
    v('ip'),
    ' healthy\n',
  ],
  // a private key pasted by mistake
  (r, v) => [
    'Deploy keeps failing, here is the key from the server:\n\n',
    v('private_key'),
    '\n\nwhat is wrong with the format?\n',
  ],
  // CI config with tokens
  (r, v) => [
    'steps:\n  - run: npm ci\n  - run: npm publish\n    env:\n      NODE_AUTH_TOKEN: ',
    v('npm_token'),
    '\n      SLACK_TOKEN: ',
    v('slack_token'),
    '\n      GITLAB_TOKEN: ',
    v('gitlab_token'),
    '\n',
  ],
  // Python settings
  (r, v) => [
    'import os\n\nANTHROPIC_API_KEY = "',
    v('anthropic_key'),
    '"\nGOOGLE_MAPS_KEY = "',
    v('google_api_key'),
    '"\nSENDGRID_API_KEY = "',
    v('sendgrid_key'),
    '"\nTWILIO_API_KEY = "',
    v('twilio_key'),
    '"\nDEBUG = os.environ.get("DEBUG", "0") == "1"\n',
  ],
  // introductions in chat
  (r, v) => [
    "Hello! I'm ",
    v('name'),
    ', I maintain the billing service. My name is ',
    v('name'),
    ' on Slack too. Quick question about retries in axios.\n',
  ],
  // a JSON blob with a credential and an opaque session value
  (r, v) => [
    '{"user": "svc-reporting", "pwd": "',
    v('password'),
    '", "session": "',
    v('high_entropy'),
    '", "timeout": 30}\n',
  ],
  // MongoDB connection string in code
  (r) => [
    'const client = new MongoClient("mongodb+srv://',
    { kind: 'url_credentials', value: `${r.pick(FIRST).toLowerCase()}:${VALUES.password(r)}` },
    '@cluster0.ab1cd.mongodb.net/shop?retryWrites=true&w=majority");\n',
  ],
  // a commit trailer
  (r, v) => ['Add retry with jitter to the webhook sender\n\nSigned-off-by: ', v('name'), ' <', v('email'), '>\n'],
  // YAML with a password and an unlabelled secret
  (r, v) => [
    'database:\n  host: db.internal\n  username: app\n  password: ',
    v('password'),
    '\ncache:\n  ttl: 300\nwebhook_signing: ',
    v('high_entropy'),
    '\n',
  ],
];

function build(r: Rng): { text: string; planted: PlantedRow['planted'] } {
  const v = (kind: string): Piece => ({ kind, value: VALUES[kind](r) });
  const pieces: Piece[] = [];
  const fill = () => {
    for (let i = 0, n = 1 + r.int(3); i < n; i++) pieces.push(r.pick(FILLER)(r));
  };
  fill();
  pieces.push(...r.pick(TEMPLATES)(r, v));
  fill();
  let text = '';
  const planted: PlantedRow['planted'] = [];
  for (const p of pieces) {
    if (typeof p === 'string') text += p;
    else {
      planted.push({ kind: p.kind, start: text.length, end: text.length + p.value.length });
      text += p.value;
    }
  }
  return { text, planted };
}

/** `rows` generated rows for `seed`. */
export function generateCorpus(rows: number, seed: number): PlantedRow[] {
  const r = rng(seed);
  return Array.from({ length: rows }, (_, i) => ({ id: `a${i + 1}`, ...build(r) }));
}

if (process.argv[1]?.endsWith('anonymize-corpus.ts')) {
  const rows = Number(process.argv[2] ?? 400);
  const seed = Number(process.argv[3] ?? 15);
  for (const row of generateCorpus(rows, seed)) process.stdout.write(`${JSON.stringify(row)}\n`);
}
