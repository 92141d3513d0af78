import { describe, expect, it } from 'vitest';
import { IgnoreRules } from '@/lib/projects/gitignore';
import { memorySource } from '@/lib/projects/source';
import { walkFolder, type WalkEvent } from '@/lib/projects/walk';

async function walk(
  files: Parameters<typeof memorySource>[1],
): Promise<{ files: string[]; skipped: Record<string, string> }> {
  const events: WalkEvent[] = [];
  for await (const e of walkFolder(memorySource('repo', files))) events.push(e);
  return {
    files: events.filter((e) => e.type === 'file').map((e) => e.path),
    skipped: Object.fromEntries(
      events.filter((e) => e.type === 'skip').map((e) => [e.path, (e as { reason: string }).reason]),
    ),
  };
}

describe('.gitignore rules', () => {
  it('leaves out a line too long to be a rule, and keeps the others (a hostile file cannot stop the scan)', () => {
    // Before: the ignore library compiled the 100 KB line into one regular
    // expression, which threw "Regular expression too large".
    const rules = IgnoreRules.empty().with('', `*.log\ntmp/\n${'a'.repeat(100_000)}\n`);
    expect(rules.ignores('debug.log', false)).toBe(true);
    expect(rules.ignores('tmp', true)).toBe(true);
    expect(rules.ignores('src/app.ts', false)).toBe(false);
  });

  it('ignores by plain, wildcard and folder-only patterns relative to the root', () => {
    const rules = IgnoreRules.empty().with('', '*.log\nlogs/\ntmp\n');
    expect(rules.ignores('debug.log', false)).toBe(true);
    expect(rules.ignores('src/deep/trace.log', false)).toBe(true);
    expect(rules.ignores('logs', true)).toBe(true);
    // "logs/" matches folders only: a file called logs stays.
    expect(rules.ignores('logs', false)).toBe(false);
    expect(rules.ignores('tmp', false)).toBe(true);
    expect(rules.ignores('src/app.ts', false)).toBe(false);
  });

  it('anchors a leading slash to the folder of the .gitignore', () => {
    const rules = IgnoreRules.empty().with('', '/build\n');
    expect(rules.ignores('build', true)).toBe(true);
    expect(rules.ignores('src/build', true)).toBe(false);
  });

  it('re-includes with a negation, the last matching rule winning', () => {
    const rules = IgnoreRules.empty().with('', '*.log\n!keep.log\n');
    expect(rules.ignores('debug.log', false)).toBe(true);
    expect(rules.ignores('keep.log', false)).toBe(false);
  });

  it('applies a nested .gitignore to its own folder only, overriding the root', () => {
    const rules = IgnoreRules.empty().with('', '*.gen.ts\n').with('packages/api', '!*.gen.ts\nfixtures/\n/local.ts\n');
    expect(rules.ignores('packages/web/a.gen.ts', false)).toBe(true);
    expect(rules.ignores('packages/api/a.gen.ts', false)).toBe(false);
    expect(rules.ignores('packages/api/fixtures', true)).toBe(true);
    expect(rules.ignores('fixtures', true)).toBe(false);
    expect(rules.ignores('packages/api/local.ts', false)).toBe(true);
    expect(rules.ignores('packages/api/src/local.ts', false)).toBe(false);
  });

  it('supports ** patterns and character classes', () => {
    const rules = IgnoreRules.empty().with('', 'docs/**/*.pdf\n*.py[co]\n');
    expect(rules.ignores('docs/a/b/guide.pdf', false)).toBe(true);
    expect(rules.ignores('guide.pdf', false)).toBe(false);
    expect(rules.ignores('mod.pyc', false)).toBe(true);
  });

  it('never enters an ignored folder, so a negation inside it cannot bring a file back (as in git)', async () => {
    const result = await walk({
      '.gitignore': 'secret/\n!secret/ok.txt\n',
      'secret/ok.txt': 'x',
      'secret/key.txt': 'x',
      'src/a.ts': 'a',
    });
    expect(result.files).toEqual(['.gitignore', 'src/a.ts']);
    expect(result.skipped).toEqual({ 'secret/': 'ignored' });
  });

  it('reads .gitignore files at every level while walking', async () => {
    const result = await walk({
      '.gitignore': '*.tmp\n',
      'a.tmp': 'x',
      'pkg/.gitignore': 'gen/\n!important.tmp\n',
      'pkg/gen/out.ts': 'x',
      'pkg/important.tmp': 'x',
      'pkg/other.tmp': 'x',
      'other/gen/kept.ts': 'x',
    });
    expect(result.files).toEqual(['.gitignore', 'other/gen/kept.ts', 'pkg/.gitignore', 'pkg/important.tmp']);
    expect(result.skipped).toEqual({ 'a.tmp': 'ignored', 'pkg/gen/': 'ignored', 'pkg/other.tmp': 'ignored' });
  });
});
