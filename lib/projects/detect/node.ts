/**
 * JavaScript and TypeScript projects: package.json dependencies (frameworks,
 * libraries, test runners, tooling), the package manager (packageManager
 * field, lockfiles, workspace files), the Node.js version, and config files
 * that give a framework away even without a dependency list.
 */
import { byDepth, fileName, Findings, pathsNamed, shortVersion, type DetectInput, type KnownPackage } from './findings';

const p = (category: KnownPackage['category'], key: string, name: string): KnownPackage => ({ category, key, name });

/** npm packages worth naming, by package name. */
const NPM: Record<string, KnownPackage> = {
  next: p('framework', 'next', 'Next.js'),
  react: p('framework', 'react', 'React'),
  'react-native': p('framework', 'react-native', 'React Native'),
  expo: p('framework', 'expo', 'Expo'),
  vue: p('framework', 'vue', 'Vue'),
  nuxt: p('framework', 'nuxt', 'Nuxt'),
  svelte: p('framework', 'svelte', 'Svelte'),
  '@sveltejs/kit': p('framework', 'sveltekit', 'SvelteKit'),
  'solid-js': p('framework', 'solid', 'SolidJS'),
  '@angular/core': p('framework', 'angular', 'Angular'),
  astro: p('framework', 'astro', 'Astro'),
  '@remix-run/react': p('framework', 'remix', 'Remix'),
  'react-router': p('library', 'react-router', 'React Router'),
  'react-router-dom': p('library', 'react-router', 'React Router'),
  gatsby: p('framework', 'gatsby', 'Gatsby'),
  preact: p('framework', 'preact', 'Preact'),
  lit: p('framework', 'lit', 'Lit'),
  express: p('framework', 'express', 'Express'),
  fastify: p('framework', 'fastify', 'Fastify'),
  koa: p('framework', 'koa', 'Koa'),
  hono: p('framework', 'hono', 'Hono'),
  '@nestjs/core': p('framework', 'nestjs', 'NestJS'),
  electron: p('framework', 'electron', 'Electron'),
  '@tauri-apps/api': p('framework', 'tauri', 'Tauri'),
  vitest: p('testing', 'vitest', 'Vitest'),
  jest: p('testing', 'jest', 'Jest'),
  mocha: p('testing', 'mocha', 'Mocha'),
  ava: p('testing', 'ava', 'AVA'),
  '@playwright/test': p('testing', 'playwright', 'Playwright'),
  playwright: p('testing', 'playwright', 'Playwright'),
  cypress: p('testing', 'cypress', 'Cypress'),
  '@testing-library/react': p('testing', 'testing-library', 'Testing Library'),
  '@testing-library/vue': p('testing', 'testing-library', 'Testing Library'),
  '@testing-library/dom': p('testing', 'testing-library', 'Testing Library'),
  storybook: p('testing', 'storybook', 'Storybook'),
  // The compiler's version goes on the language entry.
  typescript: p('language', 'typescript', 'TypeScript'),
  vite: p('tooling', 'vite', 'Vite'),
  webpack: p('tooling', 'webpack', 'webpack'),
  esbuild: p('tooling', 'esbuild', 'esbuild'),
  rollup: p('tooling', 'rollup', 'Rollup'),
  turbo: p('tooling', 'turborepo', 'Turborepo'),
  nx: p('tooling', 'nx', 'Nx'),
  eslint: p('tooling', 'eslint', 'ESLint'),
  prettier: p('tooling', 'prettier', 'Prettier'),
  '@biomejs/biome': p('tooling', 'biome', 'Biome'),
  tailwindcss: p('library', 'tailwind', 'Tailwind CSS'),
  'styled-components': p('library', 'styled-components', 'styled-components'),
  '@emotion/react': p('library', 'emotion', 'Emotion'),
  sass: p('library', 'sass', 'Sass'),
  prisma: p('library', 'prisma', 'Prisma'),
  '@prisma/client': p('library', 'prisma', 'Prisma'),
  'drizzle-orm': p('library', 'drizzle', 'Drizzle ORM'),
  typeorm: p('library', 'typeorm', 'TypeORM'),
  sequelize: p('library', 'sequelize', 'Sequelize'),
  mongoose: p('library', 'mongoose', 'Mongoose'),
  pg: p('library', 'pg', 'node-postgres'),
  dexie: p('library', 'dexie', 'Dexie'),
  '@tanstack/react-query': p('library', 'tanstack-query', 'TanStack Query'),
  '@reduxjs/toolkit': p('library', 'redux', 'Redux'),
  redux: p('library', 'redux', 'Redux'),
  zustand: p('library', 'zustand', 'Zustand'),
  mobx: p('library', 'mobx', 'MobX'),
  zod: p('library', 'zod', 'Zod'),
  graphql: p('library', 'graphql', 'GraphQL'),
  '@apollo/client': p('library', 'apollo', 'Apollo Client'),
  '@trpc/server': p('library', 'trpc', 'tRPC'),
  axios: p('library', 'axios', 'Axios'),
  'socket.io': p('library', 'socket.io', 'Socket.IO'),
  rxjs: p('library', 'rxjs', 'RxJS'),
  three: p('library', 'three', 'three.js'),
  d3: p('library', 'd3', 'D3'),
  lodash: p('library', 'lodash', 'Lodash'),
  'date-fns': p('library', 'date-fns', 'date-fns'),
};

/** Config files that name a tool or framework on their own. */
const CONFIG_FILES: [RegExp, KnownPackage][] = [
  [/^next\.config\.(js|mjs|cjs|ts)$/, NPM.next],
  [/^nuxt\.config\.(js|mjs|ts)$/, NPM.nuxt],
  [/^svelte\.config\.(js|mjs|ts)$/, NPM.svelte],
  [/^astro\.config\.(js|mjs|ts)$/, NPM.astro],
  [/^angular\.json$/, NPM['@angular/core']],
  [/^vite\.config\.(js|mjs|cjs|ts|mts)$/, NPM.vite],
  [/^vitest\.config\.(js|mjs|cjs|ts|mts)$/, NPM.vitest],
  [/^jest\.config\.(js|mjs|cjs|ts|json)$/, NPM.jest],
  [/^playwright\.config\.(js|mjs|cjs|ts)$/, NPM['@playwright/test']],
  [/^cypress\.config\.(js|mjs|cjs|ts)$/, NPM.cypress],
  [/^tailwind\.config\.(js|mjs|cjs|ts)$/, NPM.tailwindcss],
  [/^turbo\.json$/, NPM.turbo],
  [/^nx\.json$/, NPM.nx],
  [/^(\.eslintrc(\.(js|cjs|json|yml|yaml))?|eslint\.config\.(js|mjs|cjs|ts))$/, NPM.eslint],
  [/^(\.prettierrc(\.(js|cjs|json|yml|yaml))?|prettier\.config\.(js|mjs|cjs))$/, NPM.prettier],
  [/^biome\.jsonc?$/, NPM['@biomejs/biome']],
  [/^schema\.prisma$/, NPM.prisma],
];

const LOCKFILES: [string, string, string][] = [
  ['package-lock.json', 'npm', 'npm'],
  ['npm-shrinkwrap.json', 'npm', 'npm'],
  ['pnpm-lock.yaml', 'pnpm', 'pnpm'],
  ['yarn.lock', 'yarn', 'Yarn'],
  ['bun.lockb', 'bun', 'Bun'],
  ['bun.lock', 'bun', 'Bun'],
];

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

interface PackageJson {
  packageManager?: unknown;
  engines?: { node?: unknown };
  workspaces?: unknown;
  scripts?: Record<string, unknown>;
  [field: string]: unknown;
}

function parse(text: string | undefined): PackageJson | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as PackageJson) : undefined;
  } catch {
    return undefined;
  }
}

const PM_NAMES: Record<string, string> = { npm: 'npm', pnpm: 'pnpm', yarn: 'Yarn', bun: 'Bun' };

/** Adds what package.json files, lockfiles and JS config files say. */
export function detectNode(input: DetectInput, found: Findings): void {
  const manifests = pathsNamed(input.paths, (n) => n === 'package.json').sort(byDepth);
  for (const path of manifests) {
    const pkg = parse(input.read(path));
    if (!pkg) continue;
    for (const field of DEPENDENCY_FIELDS) {
      const deps = pkg[field];
      if (!deps || typeof deps !== 'object') continue;
      for (const [name, spec] of Object.entries(deps as Record<string, unknown>)) {
        const known = NPM[name];
        if (!known) continue;
        const version = typeof spec === 'string' ? spec : undefined;
        found.addPackage(known, shortVersion(version), `${path}: ${field}.${name}${version ? ` ${version}` : ''}`);
      }
    }
    if (typeof pkg.packageManager === 'string') {
      const [pm, version] = pkg.packageManager.split('@');
      if (PM_NAMES[pm])
        found.add('package-manager', pm, {
          name: PM_NAMES[pm],
          version: shortVersion(version),
          evidence: `${path}: packageManager ${pkg.packageManager}`,
        });
    }
    if (typeof pkg.engines?.node === 'string') {
      found.add('runtime', 'node', {
        name: 'Node.js',
        version: pkg.engines.node,
        evidence: `${path}: engines.node ${pkg.engines.node}`,
      });
    }
    if (pkg.workspaces)
      found.add('tooling', 'workspaces', { name: 'Workspaces (monorepo)', evidence: `${path}: workspaces` });
    for (const [script, command] of Object.entries(pkg.scripts ?? {})) {
      if (!/^test/.test(script) || typeof command !== 'string') continue;
      for (const [tool, name] of [
        ['vitest', 'vitest'],
        ['jest', 'jest'],
        ['playwright', '@playwright/test'],
        ['mocha', 'mocha'],
        ['cypress', 'cypress'],
      ] as const) {
        if (new RegExp(`\\b${tool}\\b`).test(command))
          found.addPackage(NPM[name], undefined, `${path}: scripts.${script} "${command}"`);
      }
    }
  }

  for (const path of input.paths) {
    const name = fileName(path);
    for (const [file, key, label] of LOCKFILES)
      if (name === file) found.add('package-manager', key, { name: label, evidence: path });
    if (name === 'pnpm-workspace.yaml') {
      found.add('package-manager', 'pnpm', { name: 'pnpm', evidence: path });
      found.add('tooling', 'workspaces', { name: 'Workspaces (monorepo)', evidence: path });
    }
    if (name === '.nvmrc' || name === '.node-version') {
      const version = input.read(path)?.trim().replace(/^v/, '');
      found.add('runtime', 'node', { name: 'Node.js', version: version || undefined, evidence: path });
    }
    if (name === 'deno.json' || name === 'deno.jsonc') found.add('runtime', 'deno', { name: 'Deno', evidence: path });
    for (const [pattern, known] of CONFIG_FILES) if (pattern.test(name)) found.addPackage(known, undefined, path);
  }
  // A package.json and no lockfile nor packageManager field: npm is what runs it, but say how we know.
  if (manifests.length && !['npm', 'pnpm', 'yarn', 'bun'].some((pm) => found.has('package-manager', pm))) {
    found.add('package-manager', 'npm', { name: 'npm', detail: 'assumed: no lockfile', evidence: manifests[0] });
  }
}
