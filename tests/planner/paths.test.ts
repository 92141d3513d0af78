import { describe, expect, it } from 'vitest';
import { isInside, parentFolders, pathKey, safeRelativePath } from '@/lib/planner/paths';

const ok = (input: string) => {
  const r = safeRelativePath(input);
  if (!r.ok) throw new Error(`refused ${JSON.stringify(input)}: ${r.reason}`);
  return r.path;
};

describe('safeRelativePath', () => {
  it('puts harmless spellings into one form', () => {
    expect(ok('./a//b')).toBe('a/b');
    expect(ok('src/./app.ts')).toBe('src/app.ts');
    expect(ok('  src/app.ts  ')).toBe('src/app.ts');
    expect(ok('name ')).toBe('name');
    expect(ok('src/')).toBe('src');
    expect(ok('.env.example')).toBe('.env.example');
    expect(ok('.github/workflows/ci.yml')).toBe('.github/workflows/ci.yml');
    expect(ok('über/café.py')).toBe('über/café.py');
    // NFD (as macOS stores it) becomes NFC.
    expect(ok('cafe\u0301.py')).toBe('caf\u00e9.py');
    expect(ok('a..b/x...y.txt')).toBe('a..b/x...y.txt');
    expect(ok('console.ts')).toBe('console.ts');
    expect(ok('com10.txt')).toBe('com10.txt');
  });

  const hostile: [string, RegExp][] = [
    ['', /empty/],
    ['   ', /empty/],
    ['.', /names no file/],
    ['./', /names no file/],
    ['//', /absolute/],
    ['/etc/passwd', /absolute/],
    ['//server/share/x', /absolute/],
    ['~/.ssh/id_rsa', /home/],
    ['~root/x', /home/],
    ['C:/Windows/system32', /drive letter/],
    ['c:evil.txt', /drive letter/],
    ['..', /climbs out/],
    ['../x', /climbs out/],
    ['a/../../x', /climbs out/],
    ['a/..', /climbs out/],
    ['src/../../../etc/passwd', /climbs out/],
    ['..\\x', /backslash/],
    ['a\\b.txt', /backslash/],
    ['\\\\server\\share', /backslash/],
    ['a\u0000b', /control/],
    ['a\nb', /control/],
    ['a\tb', /control/],
    ['a\u007fb', /control/],
    ['evil\u202egnp.js', /invisible/],
    ['zero\u200bwidth.ts', /invisible/],
    ['bo\ufeffm.ts', /invisible/],
    ['a\u2028b', /invisible/],
    ['file.txt:stream', /< > :/],
    ['what?.md', /< > :/],
    ['star*.ts', /< > :/],
    ['a<b>.ts', /< > :/],
    ['quote".ts', /< > :/],
    ['pipe|.ts', /< > :/],
    ['CON', /reserves/],
    ['con.txt', /reserves/],
    ['src/Nul.js', /reserves/],
    ['aux.tar.gz', /reserves/],
    ['COM1', /reserves/],
    ['lpt9.log', /reserves/],
    ['COM¹', /reserves/],
    ['trailing.', /dot or a space/],
    ['dir./x', /dot or a space/],
    ['space /x', /dot or a space/],
    ['.git/hooks/pre-commit', /\.git/],
    ['sub/.GIT/config', /\.git/],
    [`${'a'.repeat(121)}.ts`, /longer than 120/],
    [`${'abcdefghi/'.repeat(20)}x.ts`, /deeper than 16/],
    [`${'a'.repeat(100)}/${'b'.repeat(100)}/c.ts`, /longer than 200/],
  ];

  it.each(hostile)('refuses %j', (input, why) => {
    const r = safeRelativePath(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(why);
  });

  it('refuses what is not text', () => {
    for (const v of [undefined, null, 3, ['a'], { path: 'a' }]) expect(safeRelativePath(v).ok).toBe(false);
  });

  it('never lets a checked path leave its folder, whatever the input', () => {
    const pieces = ['..', '.', '', 'a', '/', '\\', '%2e%2e', '..%2f', '~', 'C:', ' ', '\u0000', '.git', 'b.txt'];
    for (const x of pieces)
      for (const y of pieces)
        for (const z of pieces) {
          const r = safeRelativePath(`${x}/${y}/${z}`);
          if (!r.ok) continue;
          expect(r.path.split('/')).not.toContain('..');
          expect(r.path).not.toMatch(/^\/|\\|^[a-z]:|\/\/|(^|\/)\.(\/|$)/i);
        }
  });
});

describe('path helpers', () => {
  it('tells whether a path is inside a folder by whole names', () => {
    expect(isInside('src', 'src/a.ts')).toBe(true);
    expect(isInside('src/', 'src/lib/a.ts')).toBe(true);
    expect(isInside('src', 'src')).toBe(true);
    expect(isInside('src', 'src2/a.ts')).toBe(false);
    expect(isInside('src/lib', 'src/a.ts')).toBe(false);
    expect(isInside(['app', 'lib'], 'lib/x.ts')).toBe(true);
    expect(isInside(['app', 'lib'], 'tests/x.ts')).toBe(false);
    expect(isInside('', 'anything/at/all.ts')).toBe(true);
    expect(isInside([], 'a.ts')).toBe(false);
  });

  it('lists the folders a path needs, outermost first', () => {
    expect(parentFolders('a/b/c.ts')).toEqual(['a', 'a/b']);
    expect(parentFolders('c.ts')).toEqual([]);
  });

  it('gives paths that clash on case-insensitive file systems the same key', () => {
    expect(pathKey('src/App.ts')).toBe(pathKey('src/app.ts'));
    expect(pathKey('src/a.ts')).not.toBe(pathKey('src/b.ts'));
  });
});
