/**
 * Walks a project folder and says, for every file, whether it is a candidate
 * for the index or why it is skipped. Skipped folders are reported once and
 * never entered (a node_modules of 100,000 files costs one entry). Decisions
 * that need the file's bytes (binary sniffing) are the indexer's.
 */
import type { SkipReason } from '../core/records';
import type { FileLike, FileSource, SourceDirectory, SourceEntry } from './source';
import { IgnoreRules } from './gitignore';
import { decodeText, MAX_FILE_BYTES, skipFileByName, skipFolder } from './rules';

export type WalkEvent =
  { type: 'file'; path: string; file: FileLike } | { type: 'skip'; path: string; reason: SkipReason; folder: boolean };

export interface WalkOptions {
  maxFileBytes?: number;
}

const byName = (a: SourceEntry, b: SourceEntry) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

async function readGitignore(entries: SourceEntry[]): Promise<string | undefined> {
  const entry = entries.find((e) => e.kind === 'file' && e.name === '.gitignore');
  if (!entry || entry.kind !== 'file') return undefined;
  try {
    const file = await entry.open();
    return decodeText(new Uint8Array(await file.arrayBuffer())) ?? '';
  } catch {
    return undefined;
  }
}

/** Every file of the source, in a stable order (by name, depth first), as a candidate or a skip with its reason. */
export async function* walkFolder(source: FileSource, options: WalkOptions = {}): AsyncGenerator<WalkEvent> {
  const maxBytes = options.maxFileBytes ?? MAX_FILE_BYTES;

  async function* visit(dir: SourceDirectory, prefix: string, inherited: IgnoreRules): AsyncGenerator<WalkEvent> {
    const entries = (await dir.list()).sort(byName);
    const gitignore = await readGitignore(entries);
    const rules = gitignore === undefined ? inherited : inherited.with(prefix, gitignore);
    for (const entry of entries) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.kind === 'directory') {
        const always = skipFolder(entry.name);
        if (always) yield { type: 'skip', path: `${path}/`, reason: always, folder: true };
        else if (rules.ignores(path, true)) yield { type: 'skip', path: `${path}/`, reason: 'ignored', folder: true };
        else yield* visit(entry, path, rules);
        continue;
      }
      if (rules.ignores(path, false)) {
        yield { type: 'skip', path, reason: 'ignored', folder: false };
        continue;
      }
      const byNameReason = skipFileByName(path);
      if (byNameReason) {
        yield { type: 'skip', path, reason: byNameReason, folder: false };
        continue;
      }
      let file: FileLike;
      try {
        file = await entry.open();
      } catch {
        yield { type: 'skip', path, reason: 'unreadable', folder: false };
        continue;
      }
      if (file.size > maxBytes) yield { type: 'skip', path, reason: 'too-large', folder: false };
      else yield { type: 'file', path, file };
    }
  }

  yield* visit(source.root, '', IgnoreRules.empty());
}
