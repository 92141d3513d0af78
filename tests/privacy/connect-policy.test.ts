import { describe, expect, it } from 'vitest';
import {
  CONNECT_POLICY_BOOT_SCRIPT,
  CONNECT_POLICY_KEY,
  connectOrigins,
  policyAllows,
} from '@/lib/privacy/connect-policy';

describe('connectOrigins', () => {
  const base = { ollamaHost: 'http://127.0.0.1:11434/', hubUrl: 'https://hub.example.org/codelumi/' };
  it('allows Ollama always and the hub only from tier 1', () => {
    expect(connectOrigins({ ...base, privacyTier: 0 })).toEqual(['http://127.0.0.1:11434']);
    for (const privacyTier of [1, 2, 3] as const)
      expect(connectOrigins({ ...base, privacyTier })).toEqual(['http://127.0.0.1:11434', 'https://hub.example.org']);
  });

  it('leaves out an address that is not http(s)', () => {
    expect(connectOrigins({ ollamaHost: 'javascript:alert(1)', hubUrl: 'ftp://x', privacyTier: 3 })).toEqual([]);
  });
});

describe('policyAllows', () => {
  it('allows everything on a page that was not narrowed, and only the listed origins on one that was', () => {
    expect(policyAllows(undefined, 'http://10.0.0.5:11434')).toBe(true);
    expect(policyAllows(['http://127.0.0.1:11434'], 'http://127.0.0.1:11434/api/tags')).toBe(true);
    expect(policyAllows(['http://127.0.0.1:11434'], 'http://localhost:11434')).toBe(false);
  });
});

describe('CONNECT_POLICY_BOOT_SCRIPT', () => {
  /** Runs the boot script against a stored mirror; returns the policy it added, if any. */
  function boot(stored: string | null): string | undefined {
    const added: { httpEquiv?: string; content?: string }[] = [];
    const context = {
      localStorage: { getItem: (k: string) => (k === CONNECT_POLICY_KEY ? stored : null) },
      document: { createElement: () => ({}), head: { appendChild: (m: object) => added.push(m) } },
      window: {} as Record<string, unknown>,
      URL,
      JSON,
      Array,
      console,
    };
    new Function(...Object.keys(context), CONNECT_POLICY_BOOT_SCRIPT)(...Object.values(context));
    return added[0]?.content;
  }

  it('adds the stored origins, and nothing without a mirror', () => {
    expect(boot(JSON.stringify(['http://127.0.0.1:11434']))).toBe(
      "connect-src 'self' blob: data: http://127.0.0.1:11434",
    );
    expect(boot(null)).toBeUndefined();
    expect(boot('not json')).toBeUndefined();
  });

  it('lets nothing in storage add another source or directive', () => {
    expect(
      boot(JSON.stringify(['http://a.example; script-src *', '*', 'http://ok.example', 'http://x.example/path'])),
    ).toBe("connect-src 'self' blob: data: http://ok.example");
  });
});
