/** Inputs built to make a backtracking expression slow: long runs of what each detector's patterns start or continue with. */
const SHAPES = [
  'a',
  'A1',
  'aB3',
  '0',
  '1.',
  '1.2.',
  'f:',
  'fe80:',
  '::',
  'eyJ',
  'eyJa.',
  'eyJhbGciOi.',
  '-----BEGIN RSA PRIVATE KEY-----\n',
  '-----BEGIN PRIVATE KEY-----\nAAAA\n',
  'sk-',
  'sk-ant-',
  'ghp_',
  'AKIA',
  'xoxb-',
  'x@',
  'a.b@',
  '@a.',
  'a/',
  '/a',
  '/home/a',
  '\\',
  'C:\\Users\\a ',
  '~/',
  '../',
  'password=',
  'password: "',
  'DB_PASSWORD',
  'my password is ',
  'secret_key = ',
  'Bearer ',
  'postgres://a:',
  'postgres://a:b@',
  'a://',
  '+1 ',
  '+1 555 ',
  '(555) ',
  '555-',
  "I'm Alice ",
  'My name is Bob ',
  'Author: ',
  'Thanks,\n',
  'Ab ',
  ' ',
  '\n',
  '=',
  '-',
  '_',
];

/** About `length` characters of each shape repeated, plus one random base64 blob. */
export function pathologicalInputs(length = 100_000): { name: string; text: string }[] {
  const out = SHAPES.map((s) => ({ name: JSON.stringify(s), text: s.repeat(Math.ceil(length / s.length)) }));
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let seed = 7;
  let blob = '';
  for (let i = 0; i < length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    blob += alphabet[seed % 64];
  }
  out.push({ name: 'random base64', text: blob });
  return out;
}
