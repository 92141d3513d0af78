/**
 * Python projects: dependencies from pyproject.toml (PEP 621, PEP 735 groups,
 * Poetry), requirements files and Pipfile; the package manager (pip, Poetry,
 * uv, PDM, Pipenv, Conda); the Python version; Django and pytest by their
 * telltale files.
 */
import { parse as parseToml } from 'smol-toml';
import {
  byDepth,
  fileName,
  Findings,
  folderOf,
  pathsNamed,
  shortVersion,
  type DetectInput,
  type KnownPackage,
} from './findings';

const p = (category: KnownPackage['category'], key: string, name: string): KnownPackage => ({ category, key, name });

/** PyPI packages worth naming, by normalized name (PEP 503). */
const PYPI: Record<string, KnownPackage> = {
  django: p('framework', 'django', 'Django'),
  djangorestframework: p('library', 'django-rest-framework', 'Django REST framework'),
  fastapi: p('framework', 'fastapi', 'FastAPI'),
  flask: p('framework', 'flask', 'Flask'),
  starlette: p('framework', 'starlette', 'Starlette'),
  tornado: p('framework', 'tornado', 'Tornado'),
  aiohttp: p('library', 'aiohttp', 'aiohttp'),
  streamlit: p('framework', 'streamlit', 'Streamlit'),
  gradio: p('framework', 'gradio', 'Gradio'),
  pytest: p('testing', 'pytest', 'pytest'),
  hypothesis: p('testing', 'hypothesis', 'Hypothesis'),
  tox: p('testing', 'tox', 'tox'),
  pandas: p('library', 'pandas', 'pandas'),
  polars: p('library', 'polars', 'Polars'),
  numpy: p('library', 'numpy', 'NumPy'),
  scipy: p('library', 'scipy', 'SciPy'),
  'scikit-learn': p('library', 'scikit-learn', 'scikit-learn'),
  matplotlib: p('library', 'matplotlib', 'Matplotlib'),
  torch: p('library', 'pytorch', 'PyTorch'),
  tensorflow: p('library', 'tensorflow', 'TensorFlow'),
  jax: p('library', 'jax', 'JAX'),
  transformers: p('library', 'transformers', 'Transformers'),
  langchain: p('library', 'langchain', 'LangChain'),
  sqlalchemy: p('library', 'sqlalchemy', 'SQLAlchemy'),
  alembic: p('library', 'alembic', 'Alembic'),
  pydantic: p('library', 'pydantic', 'Pydantic'),
  celery: p('library', 'celery', 'Celery'),
  requests: p('library', 'requests', 'Requests'),
  httpx: p('library', 'httpx', 'HTTPX'),
  uvicorn: p('tooling', 'uvicorn', 'Uvicorn'),
  gunicorn: p('tooling', 'gunicorn', 'Gunicorn'),
  jupyter: p('tooling', 'jupyter', 'Jupyter'),
  ruff: p('tooling', 'ruff', 'Ruff'),
  black: p('tooling', 'black', 'Black'),
  mypy: p('tooling', 'mypy', 'mypy'),
};

/** PEP 503 normalization: "Django_REST.framework" → "django-rest-framework". */
export function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Name and version spec of a PEP 508 requirement ("Django>=4.2,<5 ; python_version>'3.8'"). */
export function parseRequirement(line: string): { name: string; spec?: string } | undefined {
  const clean = line.replace(/\s#.*$/, '').trim();
  if (!clean || clean.startsWith('#') || clean.startsWith('-') || clean.includes('://')) return undefined;
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([^;]*)/.exec(clean);
  if (!m) return undefined;
  const spec = m[3].trim();
  return { name: normalizePythonName(m[1]), spec: spec || undefined };
}

function addRequirement(found: Findings, req: { name: string; spec?: string } | undefined, evidence: string): void {
  if (!req) return;
  const base = req.name === 'django-rest-framework' ? 'djangorestframework' : req.name;
  found.addPackage(
    PYPI[base],
    shortVersion(req.spec),
    `${evidence} ${req.name}${req.spec ? ` ${req.spec}` : ''}`.trim(),
  );
}

type Table = Record<string, unknown>;
const asTable = (v: unknown): Table | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Table) : undefined;
const asStrings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

function detectPyproject(path: string, text: string, found: Findings): void {
  let doc: Table;
  try {
    doc = parseToml(text) as Table;
  } catch {
    return;
  }
  const project = asTable(doc.project);
  for (const req of asStrings(project?.dependencies))
    addRequirement(found, parseRequirement(req), `${path}: project.dependencies`);
  for (const [group, reqs] of Object.entries(asTable(project?.['optional-dependencies']) ?? {})) {
    for (const req of asStrings(reqs))
      addRequirement(found, parseRequirement(req), `${path}: optional-dependencies.${group}`);
  }
  for (const [group, reqs] of Object.entries(asTable(doc['dependency-groups']) ?? {})) {
    for (const req of asStrings(reqs))
      addRequirement(found, parseRequirement(req), `${path}: dependency-groups.${group}`);
  }
  if (typeof project?.['requires-python'] === 'string') {
    found.add('runtime', 'python', {
      name: 'Python',
      version: project['requires-python'] as string,
      evidence: `${path}: requires-python`,
    });
  }
  const tool = asTable(doc.tool) ?? {};
  const poetry = asTable(tool.poetry);
  if (poetry) {
    found.add('package-manager', 'poetry', { name: 'Poetry', evidence: `${path}: [tool.poetry]` });
    const groups: [string, unknown][] = [
      ['dependencies', poetry.dependencies],
      ['dev-dependencies', poetry['dev-dependencies']],
    ];
    for (const [name, group] of Object.entries(asTable(poetry.group) ?? {}))
      groups.push([`group.${name}.dependencies`, asTable(group)?.dependencies]);
    for (const [label, deps] of groups) {
      for (const [name, spec] of Object.entries(asTable(deps) ?? {})) {
        const version =
          typeof spec === 'string'
            ? spec
            : typeof asTable(spec)?.version === 'string'
              ? (asTable(spec)!.version as string)
              : undefined;
        if (normalizePythonName(name) === 'python') {
          if (version)
            found.add('runtime', 'python', {
              name: 'Python',
              version,
              evidence: `${path}: tool.poetry.dependencies.python`,
            });
          continue;
        }
        addRequirement(found, { name: normalizePythonName(name), spec: version }, `${path}: tool.poetry.${label}`);
      }
    }
  }
  if (asTable(tool.uv)) found.add('package-manager', 'uv', { name: 'uv', evidence: `${path}: [tool.uv]` });
  if (asTable(tool.pdm)) found.add('package-manager', 'pdm', { name: 'PDM', evidence: `${path}: [tool.pdm]` });
  if (asTable(tool.pytest)) found.addPackage(PYPI.pytest, undefined, `${path}: [tool.pytest]`);
  if (asTable(tool.ruff)) found.addPackage(PYPI.ruff, undefined, `${path}: [tool.ruff]`);
  if (asTable(tool.mypy)) found.addPackage(PYPI.mypy, undefined, `${path}: [tool.mypy]`);
}

const LOCKS: [string, string, string][] = [
  ['poetry.lock', 'poetry', 'Poetry'],
  ['uv.lock', 'uv', 'uv'],
  ['pdm.lock', 'pdm', 'PDM'],
  ['pipfile.lock', 'pipenv', 'Pipenv'],
  ['pipfile', 'pipenv', 'Pipenv'],
  ['environment.yml', 'conda', 'Conda'],
  ['environment.yaml', 'conda', 'Conda'],
];

const isRequirementsFile = (path: string) =>
  /^requirements([-_.][\w.-]+)?\.(txt|in)$/i.test(fileName(path)) || /(^|\/)requirements\/[^/]+\.(txt|in)$/i.test(path);

/** Adds what Python manifests and telltale files say. */
export function detectPython(input: DetectInput, found: Findings): void {
  for (const path of pathsNamed(input.paths, (n) => n === 'pyproject.toml').sort(byDepth)) {
    const text = input.read(path);
    if (text) detectPyproject(path, text, found);
  }
  const requirements = input.paths.filter(isRequirementsFile).sort(byDepth);
  for (const path of requirements) {
    for (const line of (input.read(path) ?? '').split('\n')) addRequirement(found, parseRequirement(line), `${path}:`);
  }
  if (requirements.length) found.add('package-manager', 'pip', { name: 'pip', evidence: requirements[0] });

  for (const path of pathsNamed(input.paths, (n) => n.toLowerCase() === 'pipfile').sort(byDepth)) {
    let section = '';
    for (const line of (input.read(path) ?? '').split('\n')) {
      const header = /^\s*\[([^\]]+)\]/.exec(line);
      if (header) section = header[1];
      else if (section === 'packages' || section === 'dev-packages') {
        const m = /^\s*"?([A-Za-z0-9._-]+)"?\s*=\s*"([^"]*)"/.exec(line);
        if (m)
          addRequirement(
            found,
            { name: normalizePythonName(m[1]), spec: m[2] === '*' ? undefined : m[2] },
            `${path}: [${section}]`,
          );
      }
    }
  }

  for (const path of input.paths) {
    const name = fileName(path).toLowerCase();
    for (const [file, key, label] of LOCKS)
      if (name === file) found.add('package-manager', key, { name: label, evidence: path });
    if (name === '.python-version') {
      found.add('runtime', 'python', {
        name: 'Python',
        version: input.read(path)?.trim() || undefined,
        evidence: path,
      });
    }
    if (
      name === 'manage.py' &&
      input.paths.some((p) => folderOf(p).startsWith(folderOf(path)) && fileName(p) === 'settings.py')
    ) {
      found.addPackage(PYPI.django, undefined, path);
    }
    if (name === 'pytest.ini' || name === 'conftest.py') found.addPackage(PYPI.pytest, undefined, path);
    if (name === 'tox.ini') found.addPackage(PYPI.tox, undefined, path);
    if (name === 'setup.py' || name === 'setup.cfg')
      found.add('package-manager', 'setuptools', { name: 'setuptools', evidence: path });
  }
}
