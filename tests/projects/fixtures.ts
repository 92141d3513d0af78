/**
 * Small fake repositories, as in-memory folders: enough of each ecosystem's
 * files (manifests, lockfiles, sources, the junk a real checkout has) for
 * scanning and stack detection to be tested on something realistic.
 */
import type { MemoryFile } from '@/lib/projects/source';

/** Bytes that look like a PNG (and contain NUL bytes, as binaries do). */
export const PNG_BYTES = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);

/** A binary file without a telling extension: only sniffing finds it out. */
export const SNIFFED_BINARY = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0x41, 0x42]);

export const NEXT_APP: Record<string, MemoryFile> = {
  '.gitignore': '# deps\nnode_modules\n/.next/\n*.log\ncoverage/\n.env*.local\n!keep.log\n',
  'package.json': JSON.stringify(
    {
      name: 'shop',
      private: true,
      scripts: { dev: 'next dev', test: 'vitest run', e2e: 'playwright test' },
      dependencies: {
        next: '^15.1.0',
        react: '19.0.0',
        'react-dom': '19.0.0',
        zod: '^3.23.8',
        '@prisma/client': '^5.20.0',
      },
      devDependencies: {
        typescript: '^5.6.3',
        vitest: '^2.1.0',
        '@playwright/test': '^1.48.0',
        tailwindcss: '^4.0.0',
        prisma: '^5.20.0',
      },
      engines: { node: '>=20' },
    },
    null,
    2,
  ),
  'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
  'tsconfig.base.json': '{\n  // shared\n  "compilerOptions": { "strict": true, "target": "ES2022", },\n}\n',
  'tsconfig.json':
    '{\n  "extends": "./tsconfig.base.json",\n  /* the app */\n  "compilerOptions": { "module": "ESNext", "moduleResolution": "bundler", "jsx": "preserve" },\n}\n',
  'next.config.mjs': 'export default { output: "export" };\n',
  Dockerfile:
    'FROM node:20-alpine AS deps\nRUN corepack enable\nFROM deps AS build\nRUN pnpm build\nFROM nginx:1.27-alpine\nCOPY --from=build /app/out /usr/share/nginx/html\n',
  'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n}\n',
  'src/app/page.tsx': 'export default function Home() {\n  return <main>Shop</main>;\n}\n',
  'src/lib/format.ts':
    'export function formatPrice(cents: number): string {\n  return `$${(cents / 100).toFixed(2)}`;\n}\n',
  'src/lib/cart.ts':
    'import { formatPrice } from "./format";\n\nexport function cartTotal(items: { cents: number }[]) {\n  return formatPrice(items.reduce((n, i) => n + i.cents, 0));\n}\n',
  'README.md': '# Shop\n',
  'debug.log': 'noise',
  'keep.log': 'kept on purpose',
  '.env.local': 'SECRET=1',
  '.env.example': 'SECRET=',
  'public/logo.png': PNG_BYTES,
  'public/app.min.js': 'var a=1;',
  'assets/blob.data': SNIFFED_BINARY,
  'node_modules/react/index.js': 'module.exports = {};',
  'node_modules/react/package.json': '{"name":"react"}',
  '.next/server/page.js': 'compiled',
  '.git/HEAD': 'ref: refs/heads/main',
  'coverage/index.html': '<html></html>',
};

export const DJANGO_APP: Record<string, MemoryFile> = {
  'pyproject.toml': [
    '[tool.poetry]',
    'name = "blog"',
    '',
    '[tool.poetry.dependencies]',
    'python = "^3.12"',
    'Django = "^5.1"',
    'djangorestframework = "^3.15"',
    'celery = { version = "^5.4", extras = ["redis"] }',
    '',
    '[tool.poetry.group.dev.dependencies]',
    'pytest = "^8.3"',
    'pytest-django = "^4.9"',
    '',
    '[tool.pytest.ini_options]',
    'DJANGO_SETTINGS_MODULE = "blog.settings"',
  ].join('\n'),
  'poetry.lock': '# lock',
  'manage.py': '#!/usr/bin/env python\nimport os\n',
  'blog/settings.py': 'INSTALLED_APPS = []\n',
  'blog/views.py': 'from django.http import HttpResponse\n\ndef index(request):\n    return HttpResponse("hi")\n',
  'blog/__pycache__/views.cpython-312.pyc': new Uint8Array([0x6f, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0]),
  '.venv/lib/python3.12/site-packages/django/__init__.py': 'VERSION = (5, 1)',
};

export const FASTAPI_APP: Record<string, MemoryFile> = {
  'pyproject.toml': [
    '[project]',
    'name = "api"',
    'requires-python = ">=3.11"',
    'dependencies = [',
    '  "fastapi[standard]>=0.115",',
    '  "uvicorn>=0.30 ; sys_platform != \'win32\'",',
    '  "pydantic>=2.9",',
    '  "pandas==2.2.3",',
    ']',
    '',
    '[dependency-groups]',
    'dev = ["pytest>=8", "ruff"]',
    '',
    '[tool.uv]',
    'package = true',
  ].join('\n'),
  'uv.lock': 'version = 1',
  '.python-version': '3.12\n',
  'requirements-dev.txt': '# extra tools\n-r requirements.txt\nhttpx==0.27.2  # tests\nscikit_learn>=1.5\n',
  'app/main.py':
    'from fastapi import FastAPI\n\napp = FastAPI()\n\n@app.get("/")\ndef root():\n    return {"ok": True}\n',
  'tests/test_main.py': 'def test_root():\n    assert True\n',
};

export const GO_SERVICE: Record<string, MemoryFile> = {
  'go.mod': [
    'module github.com/acme/orders',
    '',
    'go 1.22',
    '',
    'require github.com/gin-gonic/gin v1.10.0',
    '',
    'require (',
    '\tgithub.com/stretchr/testify v1.9.0 // indirect',
    '\tgorm.io/gorm v1.25.12',
    '\tgithub.com/jackc/pgx/v5 v5.7.1',
    ')',
  ].join('\n'),
  'go.sum': 'github.com/gin-gonic/gin v1.10.0 h1:abc=\n',
  'main.go': 'package main\n\nfunc main() {}\n',
  'handlers/orders.go': 'package handlers\n\nfunc List() {}\n',
  'handlers/orders_test.go': 'package handlers\n',
  'vendor/github.com/gin-gonic/gin/gin.go': 'package gin',
};

export const RUST_CLI: Record<string, MemoryFile> = {
  'Cargo.toml': [
    '[package]',
    'name = "grep-lite"',
    'edition = "2021"',
    'rust-version = "1.80"',
    '',
    '[dependencies]',
    'tokio = { version = "1.40", features = ["full"] }',
    'axum = "0.7.7"',
    'serde = { version = "1", features = ["derive"] }',
    'clap = "4.5"',
    '',
    '[dev-dependencies]',
    'proptest = "1.5"',
  ].join('\n'),
  'Cargo.lock': '# lock',
  'src/main.rs': 'fn main() {\n    println!("hi");\n}\n',
  'src/search.rs': 'pub fn search() {}\n',
  'target/debug/grep-lite': SNIFFED_BINARY,
  'target/debug/build.log': 'compiling',
};

export const MONOREPO: Record<string, MemoryFile> = {
  'package.json': JSON.stringify({
    name: 'acme',
    private: true,
    packageManager: 'pnpm@9.12.0',
    workspaces: ['apps/*', 'packages/*'],
    devDependencies: { turbo: '^2.1.0', typescript: '^5.6.0' },
  }),
  'pnpm-workspace.yaml': 'packages:\n  - apps/*\n  - packages/*\n',
  'turbo.json': '{}',
  'apps/web/package.json': JSON.stringify({
    name: 'web',
    dependencies: { next: '14.2.3', react: '^18.3.1' },
    devDependencies: { vitest: '^2.0.0' },
  }),
  'apps/web/tsconfig.json': '{ "compilerOptions": { "strict": false, "target": "ES2017" } }',
  'apps/web/app/page.tsx': 'export default function Page() { return null; }\n',
  'apps/api/package.json': JSON.stringify({
    name: 'api',
    dependencies: { express: '^4.21.0' },
    devDependencies: { jest: '^29.7.0' },
  }),
  'apps/api/src/server.js': 'const express = require("express");\n',
  'packages/ui/package.json': JSON.stringify({
    name: 'ui',
    peerDependencies: { react: '^18' },
    devDependencies: { storybook: '^8.3.0' },
  }),
  'packages/ui/src/button.tsx': 'export const Button = () => null;\n',
  'services/ml/pyproject.toml': '[project]\nname = "ml"\ndependencies = ["fastapi", "torch>=2.4"]\n',
  'services/ml/main.py': 'import torch\n',
  'apps/web/node_modules/next/package.json': '{}',
};
