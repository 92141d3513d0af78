/**
 * .gitignore rules as git applies them: every .gitignore in the tree, each
 * relative to its own folder, deeper files overriding shallower ones, with
 * negation (`!keep.log`), folder-only patterns (`logs/`) and anchors
 * (`/build`). Patterns are matched by the `ignore` package (git's own
 * semantics, as used by ESLint and Prettier). As in git, a file inside an
 * ignored folder cannot be re-included: the scanner never enters the folder.
 */
import ignore, { type Ignore } from 'ignore';

interface Layer {
  /** The folder of the .gitignore, "" for the root, else "a/b/". */
  base: string;
  rules: Ignore;
}

/**
 * The longest .gitignore line taken as a rule. The project's files are
 * untrusted: the ignore library turns each rule into one regular expression,
 * and one built from a 100 KB line is too large for the engine (it throws,
 * which stopped the whole scan). No real rule comes near this length.
 */
export const MAX_RULE_CHARS = 1024;

/**
 * How much of one .gitignore is read. Every rule is compiled and then tried
 * against every path of the scan, so the cost grows with the file; the largest
 * real ones (editor and language templates together) are a few KB.
 */
export const MAX_GITIGNORE_CHARS = 32 * 1024;

/** An immutable stack of .gitignore files, from the root down to the folder being scanned. */
export class IgnoreRules {
  private constructor(private readonly layers: readonly Layer[]) {}

  /** No rules at all. */
  static empty(): IgnoreRules {
    return new IgnoreRules([]);
  }

  /**
   * These rules plus those of the .gitignore in `folder` ("" for the root, else "a/b").
   * Reads the first MAX_GITIGNORE_CHARS; lines longer than MAX_RULE_CHARS are left out (see
   * there); every other line is a rule.
   */
  with(folder: string, gitignoreText: string): IgnoreRules {
    const base = folder ? `${folder.replace(/(?<!\/)\/+$/, '')}/` : '';
    const lines = gitignoreText
      .slice(0, MAX_GITIGNORE_CHARS)
      .split(/\r?\n/)
      .filter((line) => line.length <= MAX_RULE_CHARS);
    return new IgnoreRules([...this.layers, { base, rules: ignore({ ignorecase: false }).add(lines) }]);
  }

  /** Whether `path` (relative to the project root, "/"-separated) is ignored; folders are tested as folders. */
  ignores(path: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (const layer of this.layers) {
      if (!path.startsWith(layer.base)) continue;
      const rel = path.slice(layer.base.length);
      if (!rel) continue;
      const result = layer.rules.test(isDirectory ? `${rel}/` : rel);
      // The last matching rule wins, and deeper .gitignore files come later.
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  }
}
