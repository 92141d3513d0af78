/**
 * Rust projects: Cargo.toml (edition, dependencies, workspace members).
 */
import { parse as parseToml } from 'smol-toml';
import { byDepth, Findings, pathsNamed, shortVersion, type DetectInput, type KnownPackage } from './findings';

const p = (category: KnownPackage['category'], key: string, name: string): KnownPackage => ({ category, key, name });

/** Crates worth naming. */
const CRATES: Record<string, KnownPackage> = {
  tokio: p('library', 'tokio', 'Tokio'),
  'async-std': p('library', 'async-std', 'async-std'),
  'actix-web': p('framework', 'actix-web', 'Actix Web'),
  axum: p('framework', 'axum', 'axum'),
  rocket: p('framework', 'rocket', 'Rocket'),
  warp: p('framework', 'warp', 'warp'),
  tauri: p('framework', 'tauri', 'Tauri'),
  leptos: p('framework', 'leptos', 'Leptos'),
  yew: p('framework', 'yew', 'Yew'),
  bevy: p('framework', 'bevy', 'Bevy'),
  serde: p('library', 'serde', 'Serde'),
  diesel: p('library', 'diesel', 'Diesel'),
  sqlx: p('library', 'sqlx', 'SQLx'),
  'sea-orm': p('library', 'sea-orm', 'SeaORM'),
  clap: p('library', 'clap', 'clap'),
  reqwest: p('library', 'reqwest', 'reqwest'),
  anyhow: p('library', 'anyhow', 'anyhow'),
  thiserror: p('library', 'thiserror', 'thiserror'),
  tracing: p('library', 'tracing', 'tracing'),
  'wasm-bindgen': p('library', 'wasm-bindgen', 'wasm-bindgen'),
  criterion: p('testing', 'criterion', 'Criterion'),
  proptest: p('testing', 'proptest', 'proptest'),
  rstest: p('testing', 'rstest', 'rstest'),
};

type Table = Record<string, unknown>;
const asTable = (v: unknown): Table | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Table) : undefined;

function versionOf(spec: unknown): string | undefined {
  if (typeof spec === 'string') return spec;
  const v = asTable(spec)?.version;
  return typeof v === 'string' ? v : undefined;
}

/** Adds what Cargo.toml files say. */
export function detectRust(input: DetectInput, found: Findings): void {
  for (const path of pathsNamed(input.paths, (n) => n === 'Cargo.toml').sort(byDepth)) {
    found.add('package-manager', 'cargo', { name: 'Cargo', evidence: path });
    let doc: Table;
    try {
      doc = parseToml(input.read(path) ?? '') as Table;
    } catch {
      continue;
    }
    const pkg = asTable(doc.package);
    const edition = typeof pkg?.edition === 'string' ? pkg.edition : undefined;
    if (edition)
      found.add('runtime', 'rust', {
        name: 'Rust',
        detail: `edition ${edition}`,
        evidence: `${path}: package.edition ${edition}`,
      });
    if (typeof pkg?.['rust-version'] === 'string')
      found.add('runtime', 'rust', {
        name: 'Rust',
        version: pkg['rust-version'] as string,
        evidence: `${path}: package.rust-version`,
      });
    const workspace = asTable(doc.workspace);
    if (workspace)
      found.add('tooling', 'cargo-workspace', { name: 'Cargo workspace', evidence: `${path}: [workspace]` });
    const sections: [string, unknown][] = [
      ['dependencies', doc.dependencies],
      ['dev-dependencies', doc['dev-dependencies']],
      ['build-dependencies', doc['build-dependencies']],
      ['workspace.dependencies', workspace?.dependencies],
    ];
    for (const [section, deps] of sections) {
      for (const [name, spec] of Object.entries(asTable(deps) ?? {})) {
        const version = versionOf(spec);
        found.addPackage(
          CRATES[name],
          shortVersion(version),
          `${path}: ${section}.${name}${version ? ` ${version}` : ''}`,
        );
      }
    }
  }
  for (const path of pathsNamed(input.paths, (n) => n === 'Cargo.lock'))
    found.add('package-manager', 'cargo', { name: 'Cargo', evidence: path });
}
