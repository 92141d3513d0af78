/**
 * TypeScript, JSX and ES modules made runnable with Sucrase: types are
 * stripped (never checked, so a type error does not stop a run), JSX becomes
 * React calls, and `import`/`export` become `require`/`exports` the sandbox
 * provides. Line numbers are kept, so errors point at the user's lines.
 * A syntax error comes back with its line and column, not as an exception.
 */
import { transform, type Transform } from 'sucrase';
import type { CodeError } from './protocol';

export interface TranspileOptions {
  typescript: boolean;
  jsx: boolean;
}

export type TranspileResult = { ok: true; code: string } | { ok: false; error: CodeError };

/** True when the code uses ES module syntax (`import … from`, `export`). */
export function usesModules(code: string): boolean {
  return /^[ \t]*(?:import\s+(?:[\w*{$]|['"])|export\s+(?:default|const|let|var|function|async|class|type|interface|enum|\{|\*))/m.test(
    code,
  );
}

/** Transpiles `code`; plain JavaScript without modules or JSX comes back unchanged. */
export function transpileProgram(code: string, options: TranspileOptions): TranspileResult {
  const transforms: Transform[] = [];
  if (options.typescript) transforms.push('typescript');
  if (options.jsx) transforms.push('jsx');
  if (usesModules(code) || options.jsx) transforms.push('imports');
  if (transforms.length === 0) return { ok: true, code };
  try {
    const out = transform(code, {
      transforms,
      jsxRuntime: 'automatic',
      production: true,
      disableESTransforms: true,
      keepUnusedImports: false,
      filePath: options.typescript ? (options.jsx ? 'main.tsx' : 'main.ts') : options.jsx ? 'main.jsx' : 'main.js',
    });
    return { ok: true, code: out.code };
  } catch (err) {
    return { ok: false, error: syntaxError(err) };
  }
}

/** Where `code` fails to parse as JavaScript/TypeScript, or undefined when it parses. */
export function findSyntaxError(code: string, options: TranspileOptions): CodeError | undefined {
  const r = transpileProgram(code, options);
  if (!r.ok) return r.error;
  if (r.code === code) {
    // Unchanged plain JS was not parsed above: parse it now (the imports transform parses everything).
    try {
      transform(code, { transforms: ['imports'], disableESTransforms: true });
    } catch (err) {
      return syntaxError(err);
    }
  }
  return undefined;
}

function syntaxError(err: unknown): CodeError {
  const e = err as { message?: string; loc?: { line: number; column: number } };
  const message = String(e.message ?? err)
    .replace(/^Error transforming [^:]*: /, '')
    .replace(/(?<!\s)\s*\(\d+:\d+\)\s*$/, '');
  return {
    kind: 'syntax',
    message: `SyntaxError: ${message}`,
    line: e.loc?.line,
    column: e.loc ? e.loc.column + 1 : undefined,
  };
}
