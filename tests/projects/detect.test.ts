import { describe, expect, it } from 'vitest';
import type { ProfileEntry } from '@/lib/core/records';
import { detectStack, isManifest } from '@/lib/projects/detect';
import { shortVersion } from '@/lib/projects/detect/findings';
import { dockerBaseImages } from '@/lib/projects/detect/docker';
import { goRequirements } from '@/lib/projects/detect/go';
import { parseRequirement } from '@/lib/projects/detect/python';
import type { MemoryFile } from '@/lib/projects/source';
import { DJANGO_APP, FASTAPI_APP, GO_SERVICE, MONOREPO, NEXT_APP, RUST_CLI } from './fixtures';

/** Detection as the indexer runs it: every path that is not junk, the text of every text file. */
function detect(files: Record<string, MemoryFile>): Map<string, ProfileEntry> {
  const junk = /(^|\/)(node_modules|\.git|\.next|\.venv|__pycache__|vendor|target|coverage)\//;
  const paths = Object.keys(files).filter((p) => !junk.test(p));
  const read = (p: string) => (typeof files[p] === 'string' ? (files[p] as string) : undefined);
  return new Map(detectStack({ paths, read }).map((e) => [e.id, e]));
}

const names = (found: Map<string, ProfileEntry>, category: string) =>
  [...found.values()].filter((e) => e.category === category).map((e) => e.name);

describe('stack detection', () => {
  it('takes a tsconfig nested thousands deep as unreadable instead of throwing', () => {
    // Before: jsonc-parser recursed per level and overflowed the stack (RangeError).
    const deep = `{"compilerOptions":${'['.repeat(100_000)}`;
    const entries = detectStack({ paths: ['tsconfig.json'], read: () => deep });
    expect(entries.map((e) => e.name)).toContain('TypeScript');
  });

  it('reads a Next.js + TypeScript app: frameworks with versions, test runners, tooling, pnpm, tsconfig settings through extends, Docker base images', () => {
    const found = detect(NEXT_APP);
    expect(found.get('framework:next')).toMatchObject({ name: 'Next.js', version: '15', origin: 'detected' });
    expect(found.get('framework:next')!.evidence).toEqual(
      expect.arrayContaining(['package.json: dependencies.next ^15.1.0', 'next.config.mjs']),
    );
    expect(found.get('framework:react')).toMatchObject({ name: 'React', version: '19' });
    expect(names(found, 'testing')).toEqual(expect.arrayContaining(['Vitest', 'Playwright']));
    expect(found.get('testing:vitest')!.evidence).toContain('package.json: scripts.test "vitest run"');
    expect(names(found, 'library')).toEqual(expect.arrayContaining(['Zod', 'Prisma', 'Tailwind CSS']));
    expect(found.get('library:prisma')!.evidence).toEqual(expect.arrayContaining(['prisma/schema.prisma']));
    expect(found.get('package-manager:pnpm')).toMatchObject({ name: 'pnpm', evidence: ['pnpm-lock.yaml'] });
    expect(found.has('package-manager:npm')).toBe(false);
    expect(found.get('runtime:node')).toMatchObject({ version: '>=20' });
    const ts = found.get('language:typescript')!;
    expect(ts.detail).toBe('3 files; strict, target ES2022, module ESNext, moduleResolution bundler, jsx preserve');
    expect(ts.version).toBe('5');
    expect(ts.evidence).toEqual(
      expect.arrayContaining(['tsconfig.json', 'package.json: devDependencies.typescript ^5.6.3']),
    );
    expect(found.get('tooling:docker')).toMatchObject({ detail: 'base image node:20-alpine, nginx:1.27-alpine' });
  });

  it('reads a Django app managed by Poetry, with pytest from its config and its Python version', () => {
    const found = detect(DJANGO_APP);
    expect(found.get('framework:django')).toMatchObject({ name: 'Django', version: '5' });
    expect(found.get('framework:django')!.evidence).toEqual(
      expect.arrayContaining(['pyproject.toml: tool.poetry.dependencies django ^5.1', 'manage.py']),
    );
    expect(found.get('library:django-rest-framework')).toMatchObject({ version: '3' });
    expect(found.get('library:celery')).toMatchObject({ version: '5' });
    expect(found.get('testing:pytest')!.evidence).toEqual(expect.arrayContaining(['pyproject.toml: [tool.pytest]']));
    expect(found.get('package-manager:poetry')!.evidence).toEqual(
      expect.arrayContaining(['pyproject.toml: [tool.poetry]', 'poetry.lock']),
    );
    expect(found.get('runtime:python')).toMatchObject({ version: '^3.12' });
    expect(found.get('language:python')).toMatchObject({ detail: '3 files' });
  });

  it('reads a FastAPI service from PEP 621 metadata, dependency groups, a requirements file and uv', () => {
    const found = detect(FASTAPI_APP);
    expect(found.get('framework:fastapi')).toMatchObject({ name: 'FastAPI', version: '0.115' });
    expect(names(found, 'library')).toEqual(expect.arrayContaining(['Pydantic', 'pandas', 'HTTPX', 'scikit-learn']));
    expect(found.get('library:pandas')).toMatchObject({ version: '2' });
    expect(found.get('tooling:uvicorn')).toBeDefined();
    expect(found.get('testing:pytest')!.evidence[0]).toBe('pyproject.toml: dependency-groups.dev pytest >=8');
    expect(names(found, 'package-manager').sort()).toEqual(['pip', 'uv']);
    expect(found.get('runtime:python')).toMatchObject({ version: '>=3.11' });
  });

  it('reads a Go service from go.mod, module majors and all', () => {
    const found = detect(GO_SERVICE);
    expect(found.get('framework:gin')).toMatchObject({ name: 'Gin', version: '1' });
    expect(found.get('library:gorm')).toMatchObject({ version: '1' });
    expect(found.get('library:pgx')!.evidence).toEqual(['go.mod: require github.com/jackc/pgx/v5 v5.7.1']);
    expect(found.get('testing:testify')).toBeDefined();
    expect(found.get('package-manager:go-modules')).toBeDefined();
    expect(found.get('runtime:go')).toMatchObject({ version: '1.22' });
    expect(found.get('language:go')).toMatchObject({ detail: '3 files' });
  });

  it('reads a Rust crate from Cargo.toml: edition, dependencies in table form, dev-dependencies', () => {
    const found = detect(RUST_CLI);
    expect(found.get('library:tokio')).toMatchObject({ version: '1' });
    expect(found.get('framework:axum')).toMatchObject({ version: '0.7' });
    expect(found.get('library:serde')).toBeDefined();
    expect(found.get('testing:proptest')).toBeDefined();
    expect(found.get('package-manager:cargo')!.evidence).toEqual(['Cargo.toml', 'Cargo.lock']);
    expect(found.get('runtime:rust')).toMatchObject({ version: '1.80', detail: 'edition 2021' });
  });

  it('reads a monorepo: one entry per framework with evidence from every package, workspaces, the packageManager field, Python beside JS', () => {
    const found = detect(MONOREPO);
    expect(found.get('package-manager:pnpm')).toMatchObject({ version: '9' });
    expect(found.get('package-manager:pnpm')!.evidence).toEqual([
      'package.json: packageManager pnpm@9.12.0',
      'pnpm-workspace.yaml',
    ]);
    expect(found.get('tooling:workspaces')).toBeDefined();
    expect(found.get('tooling:turborepo')).toBeDefined();
    expect(found.get('framework:react')!.evidence).toEqual([
      'apps/web/package.json: dependencies.react ^18.3.1',
      'packages/ui/package.json: peerDependencies.react ^18',
    ]);
    expect(found.get('framework:next')).toMatchObject({ version: '14' });
    expect(found.get('framework:express')).toBeDefined();
    expect(names(found, 'testing')).toEqual(expect.arrayContaining(['Vitest', 'Jest', 'Storybook']));
    expect(found.get('framework:fastapi')).toBeDefined();
    expect(found.get('library:pytorch')).toMatchObject({ version: '2' });
    expect(found.get('language:typescript')!.detail).toContain('not strict, target ES2017');
    expect(names(found, 'language')).toEqual(['TypeScript', 'JavaScript', 'Python']);
  });

  it('says npm is assumed when a package.json has no lockfile', () => {
    const found = detect({ 'package.json': '{"dependencies":{"express":"4"}}', 'index.js': '' });
    expect(found.get('package-manager:npm')).toMatchObject({ detail: 'assumed: no lockfile' });
  });

  it('survives broken manifests', () => {
    const found = detect({
      'package.json': '{ not json',
      'pyproject.toml': '[project\nname=',
      'Cargo.toml': '= =',
      'tsconfig.json': '{ "compilerOptions": ',
    });
    expect(found.get('package-manager:cargo')).toBeDefined();
    expect(found.get('language:typescript')).toBeDefined();
  });

  it('knows which files it reads', () => {
    for (const p of [
      'package.json',
      'apps/web/tsconfig.app.json',
      'pyproject.toml',
      'requirements-dev.txt',
      'requirements/base.txt',
      'go.mod',
      'Cargo.toml',
      'Dockerfile',
      'docker/api.Dockerfile',
      'compose.yaml',
      'pom.xml',
      'build.gradle.kts',
      'Gemfile',
      'web.csproj',
    ]) {
      expect(isManifest(p), p).toBe(true);
    }
    for (const p of ['src/app.ts', 'README.md', 'package-lock.json']) expect(isManifest(p), p).toBe(false);
  });
});

describe('manifest parsing helpers', () => {
  it('shortens version specs to what is worth saying', () => {
    expect(shortVersion('^15.1.0')).toBe('15');
    expect(shortVersion('~0.6.4')).toBe('0.6');
    expect(shortVersion('>=2.9,<3')).toBe('2');
    expect(shortVersion('workspace:*')).toBeUndefined();
    expect(shortVersion('latest')).toBeUndefined();
    expect(shortVersion('github:user/repo')).toBeUndefined();
  });

  it('parses PEP 508 requirements', () => {
    expect(parseRequirement('Django>=4.2,<5 ; python_version > "3.8"')).toEqual({ name: 'django', spec: '>=4.2,<5' });
    expect(parseRequirement('fastapi[standard]==0.115.0')).toEqual({ name: 'fastapi', spec: '==0.115.0' });
    expect(parseRequirement('scikit_learn')).toEqual({ name: 'scikit-learn', spec: undefined });
    expect(parseRequirement('-r base.txt')).toBeUndefined();
    expect(parseRequirement('# comment')).toBeUndefined();
    expect(parseRequirement('git+https://github.com/x/y.git')).toBeUndefined();
  });

  it('reads go.mod requirements in both forms', () => {
    expect(goRequirements(GO_SERVICE['go.mod'] as string).map((r) => r.module)).toEqual([
      'github.com/gin-gonic/gin',
      'github.com/stretchr/testify',
      'gorm.io/gorm',
      'github.com/jackc/pgx/v5',
    ]);
  });

  it('finds Dockerfile base images, not its own stages', () => {
    expect(
      dockerBaseImages(
        'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nFROM build AS test\nFROM gcr.io/distroless/static\n',
      ),
    ).toEqual(['golang:1.22', 'gcr.io/distroless/static']);
  });
});
