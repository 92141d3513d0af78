/**
 * TypeScript settings from tsconfig.json (JSON with comments): strict mode,
 * target, module and friends, following `extends` to other tsconfig files of
 * the project. Added to the TypeScript language entry.
 */
import { parse as parseJsonc } from 'jsonc-parser';
import { joinPath } from '../../core/paths';
import { byDepth, folderOf, Findings, pathsNamed, type DetectInput } from './findings';

type Options = Record<string, unknown>;

function readConfig(input: DetectInput, path: string): { compilerOptions?: Options; extends?: unknown } | undefined {
  const text = input.read(path);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = parseJsonc(text, [], { allowTrailingComma: true }) as unknown;
  } catch (err) {
    // The parser recurses per nesting level: a file nested thousands deep
    // overflows the stack. No real tsconfig is, so it tells nothing.
    if (err instanceof RangeError) return undefined;
    throw err;
  }
  return value && typeof value === 'object' ? (value as { compilerOptions?: Options; extends?: unknown }) : undefined;
}

/** Resolves "./base.json" or "../tsconfig.base" against the folder of `from`; package references cannot be read. */
function resolveRelative(from: string, target: string): string | undefined {
  if (!target.startsWith('./') && !target.startsWith('../')) return undefined;
  const path = joinPath(folderOf(from), target);
  if (path === undefined) return undefined;
  return path.endsWith('.json') ? path : `${path}.json`;
}

/** The compiler options of a tsconfig with those it extends applied first (cycles and depth are bounded). */
export function effectiveCompilerOptions(input: DetectInput, path: string, depth = 0): Options {
  const config = readConfig(input, path);
  if (!config || depth > 5) return {};
  let options: Options = {};
  const bases = Array.isArray(config.extends) ? config.extends : config.extends ? [config.extends] : [];
  for (const base of bases) {
    const resolved = typeof base === 'string' ? resolveRelative(path, base) : undefined;
    if (resolved && resolved !== path)
      options = { ...options, ...effectiveCompilerOptions(input, resolved, depth + 1) };
  }
  return { ...options, ...(config.compilerOptions ?? {}) };
}

/** "strict, target ES2022, module ESNext, moduleResolution bundler, jsx react-jsx". */
export function describeCompilerOptions(options: Options): string {
  const parts = [options.strict === true ? 'strict' : 'not strict'];
  for (const key of ['target', 'module', 'moduleResolution', 'jsx']) {
    if (typeof options[key] === 'string') parts.push(`${key} ${options[key]}`);
  }
  return parts.join(', ');
}

/** Adds the TypeScript settings of the root-most tsconfig (the others are evidence). */
export function detectTypeScript(input: DetectInput, found: Findings): void {
  const configs = pathsNamed(input.paths, (n) => /^tsconfig(\..+)?\.json$/.test(n)).sort(byDepth);
  if (configs.length === 0) return;
  const main = configs.find((c) => c === 'tsconfig.json') ?? configs[0];
  const detail = describeCompilerOptions(effectiveCompilerOptions(input, main));
  if (found.has('language', 'typescript')) found.addDetail('language', 'typescript', detail);
  else found.add('language', 'typescript', { name: 'TypeScript', detail, evidence: main });
  for (const path of [main, ...configs.filter((c) => c !== main)])
    found.add('language', 'typescript', { name: 'TypeScript', evidence: path });
}
