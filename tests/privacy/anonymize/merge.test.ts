/** Overlapping findings become one, and offsets always refer to the input text. */
import { describe, expect, it } from 'vitest';
import { anonymize, findPrivateData } from '@/lib/privacy/anonymize';
import { mergeFindings } from '@/lib/privacy/anonymize/merge';

describe('overlapping findings', () => {
  it('merges overlapping spans into one covering both, with the more specific kind', () => {
    expect(
      mergeFindings([
        { kind: 'high_entropy', start: 10, end: 50 },
        { kind: 'github_token', start: 12, end: 52 },
        { kind: 'email', start: 60, end: 70 },
        { kind: 'path', start: 65, end: 80 },
      ]),
    ).toEqual([
      { kind: 'github_token', start: 10, end: 52 },
      // Personal kinds rank alike: the longer one names the merged span.
      { kind: 'path', start: 60, end: 80 },
    ]);
  });

  it('keeps touching spans apart and drops empty ones', () => {
    expect(
      mergeFindings([
        { kind: 'ip', start: 5, end: 10 },
        { kind: 'email', start: 0, end: 5 },
        { kind: 'name', start: 7, end: 7 },
      ]),
    ).toEqual([
      { kind: 'email', start: 0, end: 5 },
      { kind: 'ip', start: 5, end: 10 },
    ]);
  });

  it('a token under a secret key is one finding of the token kind, not a secret and a token', () => {
    const token = `ghp_${'aB3dE6'.repeat(6)}`;
    const text = `GITHUB_TOKEN=${token}\n`;
    expect(findPrivateData(text)).toEqual([{ kind: 'github_token', start: 13, end: 13 + token.length }]);
  });

  it('a path inside a home directory that also holds a name is one <PATH>', () => {
    const text = 'open /home/alice.smith@example.com/notes.txt';
    const { text: out, findings } = anonymize(text);
    expect(findings).toHaveLength(1);
    expect(out).toBe('open <PATH>');
  });

  it('gives offsets into the input, in order, however many placeholders came before', () => {
    const text = 'a@b.io 10.0.0.1 c@d.io';
    const { text: out, findings } = anonymize(text);
    expect(out).toBe('<EMAIL> <IP> <EMAIL>');
    expect(findings.map((f) => text.slice(f.start, f.end))).toEqual(['a@b.io', '10.0.0.1', 'c@d.io']);
  });
});
