/**
 * Ordinary technical text holds many things that look like secrets or
 * personal data and are not: it must come out of the anonymizer unchanged.
 */
import { describe, expect, it } from 'vitest';
import { anonymize, findPrivateData } from '@/lib/privacy/anonymize';

const ORDINARY: [string, string][] = [
  [
    'reading a key from the environment',
    'const apiKey = process.env.API_KEY;\nconst token = os.environ["GITHUB_TOKEN"]',
  ],
  [
    'passwords as variables, parameters and types',
    'const password = req.body.password;\nfunction login(user: string, password: string) {}\npassword := r.FormValue("password")\npwd = os.getcwd()',
  ],
  [
    'password prompts and labels',
    'password = getpass.getpass("Password: ")\n<label htmlFor="password">Password</label>\n{"password": "Enter your password"}',
  ],
  [
    'placeholders in examples',
    'DB_PASSWORD=\nAPI_KEY=<your-api-key>\nSECRET_KEY=${SECRET_KEY}\npassword: ********\ntoken: $GITHUB_TOKEN\napi_key = "YOUR_API_KEY_HERE"',
  ],
  [
    'a git log',
    'commit 9fceb02d0ae598e95dc970b74767f19372d61af8\nMerge: 1a2b3c4 5d6e7f8\nAuthor date: 2025-03-14\n\n    Fix the flaky upload test',
  ],
  [
    'hashes, UUIDs and integrity strings',
    'sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nid=550e8400-e29b-41d4-a716-446655440000\n"integrity": "sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg=="',
  ],
  [
    'long identifiers',
    'getUserAccountSettingsForAdminPanel(MAX_RETRY_ATTEMPTS_BEFORE_BACKOFF, handleWebSocketReconnectTimeout)\nXMLHttpRequestEventTarget; useCallbackWithDependencies',
  ],
  [
    'versions, dates and times',
    'upgraded next 14.2.3 -> 15.0.1 on 2025-01-15 at 12:30:45; node v20.11.1; chrome 120.0.6099.109',
  ],
  [
    'loopback and unspecified addresses',
    'curl http://127.0.0.1:11434/api/tags; listen 0.0.0.0:3000; ::1 and localhost',
  ],
  ['C++ and Rust paths', 'std::vector<int> xs; let cfg = Config::from_env()?; use std::collections::HashMap;'],
  [
    'URLs without credentials',
    'See https://nextjs.org/docs/app/building-your-application/routing and https://github.com/vercel/next.js/issues/12345',
  ],
  [
    'package names and decorators',
    'npm i @tanstack/react-query@5.108.0 lodash@4.17.21\n@Component({ selector: "app-root" })\nlogo@2x.png',
  ],
  [
    'relative project paths (without {paths: true})',
    'Edit src/app/page.tsx and lib/db/settings.ts, then run ./scripts/build.mjs',
  ],
  ["capitalised words after I'm", "I'm Using React 19 and I'm Getting an error. This is Python 3.12. Thanks,\nReact"],
  [
    'SQL and CSS',
    'SELECT id FROM users WHERE email = $1 LIMIT 20;\ncolor: #1e293b; background: rgba(15, 23, 42, 0.8);',
  ],
  [
    'a Go handler',
    'func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {\n\tif err := s.auth.Check(r.Context()); err != nil {\n\t\treturn\n\t}\n}',
  ],
  ['numbers that are not phones', 'processed 1234567 rows in 8812 ms; port 5432; 3.14159265; id 20250115123045'],
  [
    'a token word in prose',
    'The bearer token expires after an hour; the basic auth header is base64 of user:password.',
  ],
];

describe('ordinary text', () => {
  it.each(ORDINARY)('%s comes out unchanged', (_name, text) => {
    const result = anonymize(text);
    expect(result.findings.map((f) => `${f.kind}: ${text.slice(f.start, f.end)}`)).toEqual([]);
    expect(result.text).toBe(text);
  });

  it('keeps everything but the secret in a line that mixes both', () => {
    const text = 'retry 3 times, then use key AKIAIOSFODNN7EXAMPLE for bucket logs-2025 in eu-west-1';
    expect(anonymize(text).text).toBe('retry 3 times, then use key <AWS_KEY> for bucket logs-2025 in eu-west-1');
  });

  it('finds nothing in an empty text', () => {
    expect(findPrivateData('')).toEqual([]);
    expect(anonymize('')).toEqual({ text: '', findings: [] });
  });
});

describe('ordinary text, more', () => {
  it('leaves markdown lists of capitalised words alone (a sign-off dash is "—" or "--", not a list dash)', () => {
    const text = 'Steps:\n- Install Dependencies\n- Run Migrations\n* Deploy Preview\n';
    expect(anonymize(text).text).toBe(text);
  });
});
