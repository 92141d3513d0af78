/**
 * Secrets of the common providers, recognised by their published formats.
 *
 * Ported from the default rules of gitleaks (https://github.com/gitleaks/gitleaks,
 * config/gitleaks.toml, MIT License, Copyright (c) 2019 Zachary Rice); each
 * rule keeps its gitleaks id so a miss or a false positive can be compared
 * with upstream. The expressions are rewritten for JavaScript's backtracking
 * engine rather than copied from RE2: every token is anchored at the start of
 * a run of token characters (a one-character look-behind) and every
 * quantifier is bounded, so a match attempt starts at most once per run and
 * costs at most the bound: linear in the text, whatever it holds. `keywords`
 * are gitleaks' pre-filter: a rule runs only when one of them (lower case)
 * is in the text.
 */

export interface ProviderRule {
  /** The gitleaks rule id. */
  id: string;
  /** The finding kind (and so the placeholder). */
  kind: string;
  keywords: readonly string[];
  pattern: RegExp;
}

/** Not preceded by a token character: a match starts only where a run of them starts. */
const START = '(?<![A-Za-z0-9_-])';
/** Not followed by one: the match is the whole token. */
const END = '(?![A-Za-z0-9_-])';

function rule(id: string, kind: string, keywords: string[], body: string, anchored = true): ProviderRule {
  return { id, kind, keywords, pattern: new RegExp(anchored ? `${START}(?:${body})${END}` : body, 'g') };
}

export const PROVIDER_RULES: readonly ProviderRule[] = [
  rule(
    'aws-access-token',
    'aws_key',
    ['a3t', 'akia', 'asia', 'abia', 'acca'],
    '(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}',
  ),
  rule('github-pat', 'github_token', ['ghp_'], 'ghp_[0-9a-zA-Z]{36}'),
  rule('github-oauth', 'github_token', ['gho_'], 'gho_[0-9a-zA-Z]{36}'),
  rule('github-app-token', 'github_token', ['ghu_', 'ghs_'], '(?:ghu|ghs)_[0-9a-zA-Z]{36}'),
  rule('github-refresh-token', 'github_token', ['ghr_'], 'ghr_[0-9a-zA-Z]{36}'),
  rule('github-fine-grained-pat', 'github_token', ['github_pat_'], 'github_pat_[A-Za-z0-9_]{50,255}'),
  rule('gitlab-pat', 'gitlab_token', ['glpat-'], 'glpat-[A-Za-z0-9_-]{20,64}'),
  rule('gitlab-ptt', 'gitlab_token', ['glptt-'], 'glptt-[0-9a-f]{40}'),
  rule('gitlab-deploy-token', 'gitlab_token', ['gldt-'], 'gldt-[A-Za-z0-9_-]{20,64}'),
  rule('gitlab-runner-authentication-token', 'gitlab_token', ['glrt-'], 'glrt-[A-Za-z0-9_-]{20,64}'),
  rule('gitlab-rrt', 'gitlab_token', ['gr1348941'], 'GR1348941[A-Za-z0-9_-]{20,64}'),
  rule('slack-bot-token', 'slack_token', ['xox'], 'xox[abposre]-[A-Za-z0-9-]{10,250}'),
  rule('slack-app-token', 'slack_token', ['xapp'], 'xapp-[A-Za-z0-9-]{10,250}'),
  rule(
    'slack-webhook-url',
    'slack_token',
    ['hooks.slack.com'],
    'hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{20,200}',
    false,
  ),
  rule('stripe-access-token', 'stripe_key', ['sk_', 'rk_'], '(?:sk|rk)_(?:test|live|prod)_[A-Za-z0-9]{10,99}'),
  rule('stripe-webhook-secret', 'stripe_key', ['whsec_'], 'whsec_[A-Za-z0-9]{24,99}'),
  rule('anthropic-api-key', 'anthropic_key', ['sk-ant-'], 'sk-ant-[A-Za-z0-9_-]{20,250}'),
  rule(
    'openai-api-key',
    'openai_key',
    ['sk-proj-', 'sk-svcacct-', 'sk-admin-'],
    'sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,250}',
  ),
  rule('openai-api-key', 'openai_key', ['t3blbkfj'], 'sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}'),
  // Older OpenAI keys (and the many services that copied the format): "sk-" and 32 to 64 letters and digits.
  rule('openai-api-key', 'openai_key', ['sk-'], 'sk-[A-Za-z0-9]{32,64}'),
  rule('gcp-api-key', 'google_api_key', ['aiza'], 'AIza[0-9A-Za-z_-]{35}'),
  rule('gcp-oauth-client-secret', 'google_api_key', ['gocspx-'], 'GOCSPX-[A-Za-z0-9_-]{28}'),
  rule('gcp-oauth-access-token', 'google_api_key', ['ya29.'], 'ya29\\.[0-9A-Za-z_-]{20,2000}'),
  rule('npm-access-token', 'npm_token', ['npm_'], 'npm_[A-Za-z0-9]{36}'),
  rule('twilio-api-key', 'twilio_key', ['sk'], 'SK[0-9a-fA-F]{32}'),
  rule('sendgrid-api-token', 'sendgrid_key', ['sg.'], 'SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}'),
  rule('huggingface-access-token', 'api_key', ['hf_'], 'hf_[A-Za-z]{34}'),
  rule('digitalocean-pat', 'api_key', ['dop_v1_', 'doo_v1_', 'dor_v1_'], 'do[por]_v1_[a-f0-9]{64}'),
  rule(
    'shopify-access-token',
    'api_key',
    ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    'shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}',
  ),
  rule('pypi-upload-token', 'api_key', ['pypi-ageichlwas5vcmc'], 'pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000}'),
  rule('mailchimp-api-key', 'api_key', ['-us'], '[0-9a-f]{32}-us[0-9]{1,2}'),
  rule('mailgun-private-api-token', 'api_key', ['mailgun'], 'key-[0-9a-f]{32}'),
  rule('databricks-api-token', 'api_key', ['dapi'], 'dapi[a-f0-9]{32}(?:-[0-9])?'),
  rule('linear-api-key', 'api_key', ['lin_api_'], 'lin_api_[A-Za-z0-9]{40}'),
  rule('grafana-service-account-token', 'api_key', ['glsa_'], 'glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}'),
  rule('grafana-cloud-api-token', 'api_key', ['glc_'], 'glc_[A-Za-z0-9+/]{32,400}={0,2}'),
  rule('vault-service-token', 'api_key', ['hvs.', 'hvb.'], 'hv[sb]\\.[A-Za-z0-9_-]{24,200}'),
  rule('postman-api-token', 'api_key', ['pmak-'], 'PMAK-[a-f0-9]{24}-[a-f0-9]{34}'),
  rule('sentry-org-token', 'api_key', ['sntrys_', 'sntryu_'], 'sntry[su]_[A-Za-z0-9+/=_]{30,400}'),
  rule('new-relic-user-api-key', 'api_key', ['nrak-'], 'NRAK-[A-Z0-9]{27}'),
  rule('age-secret-key', 'private_key', ['age-secret-key-1'], 'AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}'),
  rule('square-access-token', 'api_key', ['sq0atp-', 'eaaa'], '(?:EAAA|sq0atp-)[A-Za-z0-9_-]{22,60}'),
  rule('telegram-bot-api-token', 'api_key', [':aa'], '[0-9]{8,10}:AA[A-Za-z0-9_-]{33}'),
  rule('heroku-api-key-v2', 'api_key', ['hrku-'], 'HRKU-AA[A-Za-z0-9_-]{58}'),
  rule('jwt', 'jwt', ['eyj'], 'eyJ[A-Za-z0-9_-]{8,4000}\\.eyJ[A-Za-z0-9_-]{8,8000}\\.[A-Za-z0-9_-]{0,4000}'),
];
