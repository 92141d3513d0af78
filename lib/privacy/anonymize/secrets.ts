/**
 * Only the secrets (keys, tokens, private keys, credentials, passwords):
 * what must never leave the machine or sit in an index as-is, unlike
 * personal data (an author's e-mail in package.json is fine to show the
 * user's own Ollama) or the entropy fallback (too noisy in code). Used by the
 * project scan and by the warning before a message goes to an Ollama on
 * another machine.
 */
import type { Finding } from './finding';
import { runDetectors, SECRET_DETECTORS } from './detectors';
import { replaceFindings } from './merge';

const LABELS: Record<string, string> = {
  aws_key: 'AWS access key',
  aws_secret: 'AWS secret key',
  github_token: 'GitHub token',
  gitlab_token: 'GitLab token',
  slack_token: 'Slack token',
  stripe_key: 'Stripe key',
  openai_key: 'OpenAI key',
  anthropic_key: 'Anthropic key',
  google_api_key: 'Google API key',
  npm_token: 'npm token',
  twilio_key: 'Twilio key',
  sendgrid_key: 'SendGrid key',
  api_key: 'API key',
  jwt: 'JSON Web Token',
  private_key: 'private key',
  url_credentials: 'password in a URL',
  password: 'password',
  secret: 'secret',
};

/** "AWS access key", "password in a URL": a kind in words. */
export function describeKind(kind: string): string {
  return LABELS[kind] ?? kind.replace(/_/g, ' ');
}

/** The secrets in `text` (sorted, not overlapping): what `findPrivateData` finds of the secret kinds. */
export function findSecrets(text: string): Finding[] {
  return runDetectors(text, SECRET_DETECTORS);
}

/** `text` with its secrets (only) replaced by placeholders, and those secrets. */
export function redactSecrets(text: string): { text: string; findings: Finding[] } {
  const findings = findSecrets(text);
  return { text: findings.length ? replaceFindings(text, findings) : text, findings };
}

/** The distinct kinds of `findings`, in the order first met. */
export function kindsOf(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map((f) => f.kind))];
}

/** `<AWS_KEY>`: the placeholder that replaces a secret of `kind`. */
export { placeholderFor as placeholderOf } from './merge';
