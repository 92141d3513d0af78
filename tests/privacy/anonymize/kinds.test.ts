/**
 * Each kind the anonymizer knows, in the formats people paste: found at the
 * right offsets, typed, and replaced by its placeholder with the text around
 * it left as it was.
 */
import { describe, expect, it } from 'vitest';
import { anonymize, findPrivateData } from '@/lib/privacy/anonymize';

/** The one finding in `before + secret + after` covers exactly `secret`, with `kind`, and becomes `placeholder`. */
function expectOne(before: string, secret: string, after: string, kind: string, placeholder: string) {
  const text = before + secret + after;
  const findings = findPrivateData(text);
  expect(findings).toEqual([{ kind, start: before.length, end: before.length + secret.length }]);
  expect(anonymize(text).text).toBe(before + placeholder + after);
}

const rep = (s: string, n: number) => s.repeat(Math.ceil(n / s.length)).slice(0, n);

describe('provider tokens (gitleaks rules)', () => {
  it.each([
    ['aws_key', '<AWS_KEY>', 'AKIAIOSFODNN7EXAMPLE'],
    ['aws_key', '<AWS_KEY>', 'ASIAY34FZKBOKMUTVV7A'],
    ['github_token', '<GITHUB_TOKEN>', `ghp_${rep('aB3dE6', 36)}`],
    ['github_token', '<GITHUB_TOKEN>', `gho_${rep('Zx9Yw8', 36)}`],
    ['github_token', '<GITHUB_TOKEN>', `github_pat_11ABCDEFG0${rep('q1W2e3R4', 72)}`],
    ['gitlab_token', '<GITLAB_TOKEN>', 'glpat-xY3_kL9-mN2pQ7rS4tU1'],
    ['slack_token', '<SLACK_TOKEN>', 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'],
    ['slack_token', '<SLACK_TOKEN>', 'xoxp-4815162342-0987654321-AbCdEf123456'],
    ['stripe_key', '<STRIPE_KEY>', `sk_live_${rep('4eC39HqLyjWDarjtT1zdp7dc', 24)}`],
    ['stripe_key', '<STRIPE_KEY>', `rk_live_${rep('51H8x2Lk', 40)}`],
    ['openai_key', '<OPENAI_KEY>', `sk-proj-${rep('Ab3_De6-Gh9', 56)}`],
    ['openai_key', '<OPENAI_KEY>', `sk-${rep('aB3dE6gH9', 48)}`],
    ['anthropic_key', '<ANTHROPIC_KEY>', `sk-ant-api03-${rep('xY3_kL9-mN2', 93)}AA`],
    ['google_api_key', '<GOOGLE_API_KEY>', 'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY'],
    ['npm_token', '<NPM_TOKEN>', `npm_${rep('aB3dE6gH9', 36)}`],
    ['twilio_key', '<TWILIO_KEY>', `SK${rep('0123456789abcdef', 32)}`],
    ['sendgrid_key', '<SENDGRID_KEY>', `SG.${rep('aB3dE6gH9', 22)}.${rep('xY3_kL9-mN2', 43)}`],
    ['api_key', '<API_KEY>', `hf_${rep('aBcDeFgHiJ', 34)}`],
    ['api_key', '<API_KEY>', `dop_v1_${rep('0123456789abcdef', 64)}`],
  ])('%s: %s', (kind, placeholder, token) => {
    expectOne('deploy with ', token, ' and retry', kind, placeholder);
    // Quoted, at the start and at the end of the text too.
    expectOne('KEY="', token, '"', kind, placeholder);
    expectOne('', token, '', kind, placeholder);
  });

  it('takes a token only whole: a longer run of the same characters is not a key of that format', () => {
    expect(findPrivateData(`ghp_${'a'.repeat(36)}bbbb`).filter((f) => f.kind === 'github_token')).toEqual([]);
    expect(findPrivateData(`xAKIAIOSFODNN7EXAMPLE`).filter((f) => f.kind === 'aws_key')).toEqual([]);
  });
});

describe('credentials', () => {
  it('an AWS secret access key under its name, in a credentials file and in an .env line', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    expectOne('[default]\naws_secret_access_key = ', secret, '\n', 'aws_secret', '<AWS_SECRET>');
    expectOne('AWS_SECRET_ACCESS_KEY=', secret, '\n', 'aws_secret', '<AWS_SECRET>');
  });

  it('a JWT, in an Authorization header', () => {
    const jwt =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    expectOne('Authorization: Bearer ', jwt, '\n', 'jwt', '<JWT>');
  });

  it('a PEM private key block, header to footer, and one pasted without its footer', () => {
    const key =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACDm1Jr5ZQ==\n-----END OPENSSH PRIVATE KEY-----';
    expectOne('here it is:\n', key, '\nthanks', 'private_key', '<PRIVATE_KEY>');
    const cut =
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n4lgOEePzNm0tRgeLezV6ffAt0gunVTLw';
    expectOne('', cut, '\n\nWhy does ssh refuse it?', 'private_key', '<PRIVATE_KEY>');
  });

  it('the user and password of a connection string, keeping scheme, host and database', () => {
    expectOne('DATABASE_URL=postgres://', 'app:S3cret!pw', '@db.internal:5432/app', 'url_credentials', '<CREDENTIALS>');
    expectOne('mongodb+srv://', 'bob:p@ssw0rd', '@cluster0.ab1cd.mongodb.net/shop', 'url_credentials', '<CREDENTIALS>');
    expectOne('https://', 'deploy:tok3n', '@git.example.com/org/repo.git', 'url_credentials', '<CREDENTIALS>');
    expectOne('redis://', ':kv-s3cret-991', '@cache.internal:6379/0', 'url_credentials', '<CREDENTIALS>');
  });

  it.each([
    ['password=', 'hunter2', ''],
    ['DB_PASSWORD=', 'correct-horse-9', '\n'],
    ['{"pwd": "', 'S3cure!Pass', '"}'],
    ["  password: '", 'Tr0ub4dor&3', "'"],
    ['PASSWORD: ', 's3cr3t!', '\n'],
    ['spring.datasource.password=', 'changeme42', '\n'],
    ['const dbPassword = "', 'letmein123', '";'],
    ['my password is ', 'qwerty!123', ', is that weak?'],
    ['mysql -h db -u root -p', 'R00tP@ss!', ' shop < dump.sql'],
  ])('a password: %s…', (before, secret, after) => {
    expectOne(before, secret, after, 'password', '<PASSWORD>');
  });

  it('secrets under a key that names them, and the Basic/Bearer credentials of a header', () => {
    expectOne('client_secret = "', 'a8Kd92LmQz7Xw41Pn0', '"', 'secret', '<SECRET>');
    expectOne('SECRET_KEY=', 'django-insecure-7h2k9x0q1m', '\n', 'secret', '<SECRET>');
    expectOne('Authorization: Basic ', 'YWxhZGRpbjpvcGVuc2VzYW1l', '\n', 'secret', '<SECRET>');
  });
});

describe('personal data', () => {
  it('e-mail addresses', () => {
    expectOne('write to ', 'jane.doe+codelumi@mail.example.co.uk', '.', 'email', '<EMAIL>');
    expectOne('<', 'a_b@startup.dev', '>', 'email', '<EMAIL>');
  });

  it.each([
    '+1 415-555-0132',
    '(415) 555-0132',
    '415-555-0132',
    '+44 20 7946 0958',
    '+49 30 12345678',
    '+33 6 12 34 56 78',
  ])('a phone number: %s', (phone) => expectOne('call me on ', phone, ' after 5', 'phone', '<PHONE>'));

  it('IPv4 and IPv6 addresses', () => {
    expectOne('ssh deploy@', '203.0.113.42', ' -p 22', 'ip', '<IP>');
    expectOne('client ', '192.168.1.20', ' timed out', 'ip', '<IP>');
    expectOne('listening on [', '2001:db8:85a3::8a2e:370:7334', ']:443', 'ip', '<IP>');
    expectOne('', 'fe80:0000:0000:0000:0202:b3ff:fe1e:8329', '', 'ip', '<IP>');
  });

  it.each([
    ['/home/alice/projects/api/src/index.ts'],
    ['/Users/bob/code/app/package.json'],
    ['C:\\Users\\Carol Smith\\source\\repos\\App\\Program.cs'],
    ['C:\\\\Users\\\\dave\\\\AppData\\\\Local\\\\app.log'],
    ['~/.ssh/id_ed25519'],
  ])('a home-directory path: %s', (path) => {
    expectOne('open "', path, '" failed', 'path', '<PATH>');
  });

  it.each([
    ["Hi, I'm ", 'Alice', ', new here.'],
    ['My name is ', 'Bob Okafor', ' and I maintain the API.'],
    ['Thanks,\n', 'Carol', '\n'],
    ['Best regards,\n', 'Dmitri Petrov', ''],
    ['Signed-off-by: ', 'Elena Rossi', ' <'],
    [' * @author ', 'Farid Haddad', '\n'],
    ['see you tomorrow\n— ', 'Jonas Berg', ''],
  ])('a name announced by its phrase: %s…', (before, name, after) => {
    expectOne(before, name, after, 'name', '<NAME>');
  });

  it('a random-looking token no rule knows, as the fallback', () => {
    expectOne('"session": "', 'x9Fq2LmZ8vR4tY7wK3nB6pH1cD5sA0eG', '"', 'high_entropy', '<SECRET>');
  });
});

describe('file paths for contributions ({paths: true})', () => {
  it('replaces absolute, relative and Windows paths only when asked', () => {
    const text = 'see src/app/page.tsx, ./scripts/run and /etc/nginx/nginx.conf or D:\\work\\app\\main.rs';
    expect(anonymize(text).text).toBe(text);
    expect(anonymize(text, { paths: true }).text).toBe('see <PATH>, <PATH> and <PATH> or <PATH>');
  });

  it('leaves URLs, "and/or" and single segments alone', () => {
    const text = 'Read https://nextjs.org/docs/app/api-reference and/or the /api route in v1/v2.';
    expect(anonymize(text, { paths: true }).text).toBe(text);
  });
});
