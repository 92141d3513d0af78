/**
 * The secrets among the anonymizer's findings: what must never leave the
 * machine or sit in an index as-is, unlike personal data (an author's
 * e-mail in package.json is fine to show the user's own Ollama). Used by the
 * project scan and by the warning before a message goes to an Ollama on
 * another machine.
 */
import { findPrivateData, type Finding } from './index';
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

/** Kinds that are not secrets: personal data, paths, and the entropy fallback (too noisy in code). */
const NOT_SECRET = new Set(['email', 'phone', 'ip', 'name', 'path', 'high_entropy']);

/** True for the kinds of findings that are secrets. */
export function isSecretKind(kind: string): boolean {
  return !NOT_SECRET.has(kind);
}

/** "AWS access key", "password in a URL": a kind in words. */
export function describeKind(kind: string): string {
  return LABELS[kind] ?? kind.replace(/_/g, ' ');
}

/** The secrets in `text` (sorted, not overlapping). */
export function findSecrets(text: string): Finding[] {
  return findPrivateData(text).filter((f) => isSecretKind(f.kind));
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
