/**
 * What a project scan never indexes, whatever .gitignore says: version
 * control and dependency folders, build outputs, binaries (known by their
 * extension, or by a NUL byte near the start, as git decides), files too big
 * to be useful in a prompt, lockfiles and minified or generated files.
 */
import type { SkipReason } from '../core/records';
import { baseName, extensionOf } from './languages';

/** Files above this many bytes are skipped (a prompt could not hold them anyway). */
export const MAX_FILE_BYTES = 512 * 1024;

/** At most this many files are indexed per project; the rest are skipped as `limit`. */
export const MAX_FILES = 10_000;

const VCS_DIRS = new Set(['.git', '.hg', '.svn', '.jj']);

const DEPENDENCY_DIRS = new Set([
  'node_modules',
  'bower_components',
  'jspm_packages',
  '.pnpm-store',
  '.yarn',
  'vendor',
  '.venv',
  'venv',
  'site-packages',
  '.bundle',
  'Pods',
  'Carthage',
  'elm-stuff',
  '.dart_tool',
  '.pub-cache',
  '_build',
]);

const BUILD_DIRS = new Set([
  'dist',
  'build',
  'out',
  'target',
  '.next',
  '.nuxt',
  '.output',
  '.svelte-kit',
  '.astro',
  '.vercel',
  '.netlify',
  '.turbo',
  '.nx',
  '.cache',
  '.parcel-cache',
  '.angular',
  '.expo',
  '.gradle',
  'coverage',
  '.nyc_output',
  '__pycache__',
  '.pytest_cache',
  '.mypy_cache',
  '.ruff_cache',
  '.tox',
  '.nox',
  '.eggs',
  'htmlcov',
  'obj',
  '.terraform',
  'storybook-static',
  'test-results',
  'playwright-report',
]);

const BINARY_EXTENSIONS = new Set(
  (
    'png jpg jpeg gif bmp ico icns webp avif tif tiff psd heic svgz ' +
    'mp3 mp4 m4a wav ogg oga flac aac opus webm mov avi mkv wmv ' +
    'woff woff2 ttf otf eot ' +
    'zip gz tgz bz2 xz 7z rar tar zst br lz4 jar war ear apk aab ipa dmg iso deb rpm msi whl egg gem nupkg ' +
    'exe dll so dylib a lib o obj bin class pyc pyo pyd wasm node dat db sqlite sqlite3 mdb ' +
    'pdf doc docx xls xlsx ppt pptx odt ods odp key pages numbers ' +
    'pkl pickle npy npz h5 hdf5 parquet feather onnx pt pth ckpt safetensors tflite gguf ' +
    'blend fbx glb gltf stl 3ds psb ai sketch fig xcf ' +
    'lockb keystore jks p12 pfx der'
  ).split(' '),
);

const LOCKFILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'pnpm-lock.yaml',
  'yarn.lock',
  'bun.lockb',
  'bun.lock',
  'deno.lock',
  'poetry.lock',
  'uv.lock',
  'pdm.lock',
  'pipfile.lock',
  'cargo.lock',
  'go.sum',
  'gemfile.lock',
  'composer.lock',
  'packages.lock.json',
  'pubspec.lock',
  'mix.lock',
  'flake.lock',
  'gradle.lockfile',
]);

/** Why a folder is always skipped, or undefined when it may be scanned. */
export function skipFolder(name: string): SkipReason | undefined {
  if (VCS_DIRS.has(name)) return 'vcs';
  if (DEPENDENCY_DIRS.has(name)) return 'dependencies';
  if (BUILD_DIRS.has(name)) return 'build-output';
  return undefined;
}

/** True for lockfiles: their presence tells the package manager, their content is noise in a prompt. */
export function isLockfile(path: string): boolean {
  return LOCKFILES.has(baseName(path).toLowerCase());
}

/** Files that usually hold keys and passwords; examples and templates of them are kept. */
function isSecret(name: string): boolean {
  if (name === '.env' || (name.startsWith('.env.') && !/\.(example|sample|template|dist|defaults?)$/.test(name)))
    return true;
  if (/^id_(rsa|dsa|ecdsa|ed25519)$/.test(name) || name === '.npmrc' || name === '.pypirc' || name === '.netrc')
    return true;
  return /\.(pem|key|crt|cer|p8|asc|gpg)$/.test(name);
}

/** Why a file is skipped by its name alone, or undefined when it has to be looked at. */
export function skipFileByName(path: string): SkipReason | undefined {
  const name = baseName(path).toLowerCase();
  if (isSecret(name)) return 'secret';
  if (LOCKFILES.has(name)) return 'lockfile';
  if (BINARY_EXTENSIONS.has(extensionOf(name))) return 'binary';
  if (/\.min\.(js|css|mjs)$/.test(name) || /\.(js|css|mjs)\.map$/.test(name) || name.endsWith('.map'))
    return 'generated';
  return undefined;
}

/** How far into a file to look for a NUL byte (git looks at the first 8000 bytes). */
const SNIFF_BYTES = 8000;

/** True when the bytes look binary: a NUL byte near the start. */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

/**
 * The text of a file, or undefined when it is not text: a NUL byte near the
 * start, or so many invalid UTF-8 sequences that it is not UTF-8 at all. A
 * byte-order mark is dropped; Windows line ends become "\n".
 */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (looksBinary(bytes)) return undefined;
  let text = new TextDecoder('utf-8').decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let invalid = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0xfffd) invalid++;
  // A stray byte in a Latin-1 comment is fine; a file full of them is not text we can show.
  if (invalid > 8 && invalid > text.length / 100) return undefined;
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** "2 ignored by .gitignore", "1 dependency folder": a count of skipped paths in words. */
export function describeSkip(reason: SkipReason, count: number): string {
  switch (reason) {
    case 'ignored':
      return `${count.toLocaleString('en')} ignored by .gitignore`;
    case 'dependencies':
      return plural(count, 'dependency folder');
    case 'vcs':
      return plural(count, 'version control folder');
    case 'build-output':
      return plural(count, 'build or cache folder');
    case 'binary':
      return `${count.toLocaleString('en')} binary`;
    case 'too-large':
      return `${count.toLocaleString('en')} over ${MAX_FILE_BYTES / 1024} KB`;
    case 'lockfile':
      return plural(count, 'lockfile');
    case 'generated':
      return `${count.toLocaleString('en')} minified or generated`;
    case 'secret':
      return plural(count, 'likely secret');
    case 'limit':
      return `${count.toLocaleString('en')} over the ${MAX_FILES.toLocaleString('en')}-file limit`;
    case 'unreadable':
      return `${count.toLocaleString('en')} unreadable`;
  }
}
