/**
 * Go projects: go.mod (module, Go version, required modules) and go.work.
 */
import { byDepth, Findings, pathsNamed, shortVersion, type DetectInput, type KnownPackage } from './findings';

const p = (category: KnownPackage['category'], key: string, name: string): KnownPackage => ({ category, key, name });

/** Go modules worth naming, by module path without a /vN suffix. */
const GO: Record<string, KnownPackage> = {
  'github.com/gin-gonic/gin': p('framework', 'gin', 'Gin'),
  'github.com/labstack/echo': p('framework', 'echo', 'Echo'),
  'github.com/gofiber/fiber': p('framework', 'fiber', 'Fiber'),
  'github.com/go-chi/chi': p('framework', 'chi', 'chi'),
  'github.com/gorilla/mux': p('framework', 'gorilla-mux', 'Gorilla mux'),
  'google.golang.org/grpc': p('framework', 'grpc', 'gRPC'),
  'gorm.io/gorm': p('library', 'gorm', 'GORM'),
  'github.com/jmoiron/sqlx': p('library', 'sqlx', 'sqlx'),
  'github.com/jackc/pgx': p('library', 'pgx', 'pgx'),
  'github.com/spf13/cobra': p('library', 'cobra', 'Cobra'),
  'github.com/spf13/viper': p('library', 'viper', 'Viper'),
  'github.com/urfave/cli': p('library', 'urfave-cli', 'urfave/cli'),
  'go.uber.org/zap': p('library', 'zap', 'zap'),
  'github.com/sirupsen/logrus': p('library', 'logrus', 'Logrus'),
  'github.com/stretchr/testify': p('testing', 'testify', 'Testify'),
  'github.com/onsi/ginkgo': p('testing', 'ginkgo', 'Ginkgo'),
};

/** The required modules of a go.mod, single-line and block form, with versions. */
export function goRequirements(text: string): { module: string; version: string }[] {
  const out: { module: string; version: string }[] = [];
  let inBlock = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*/, '').trim();
    if (inBlock) {
      if (line === ')') inBlock = false;
      else {
        const [module, version] = line.split(/\s+/);
        if (module && version) out.push({ module, version });
      }
    } else if (/^require\s*\($/.test(line)) inBlock = true;
    else {
      const m = /^require\s+(\S+)\s+(\S+)/.exec(line);
      if (m) out.push({ module: m[1], version: m[2] });
    }
  }
  return out;
}

/** Adds what go.mod and go.work say. */
export function detectGo(input: DetectInput, found: Findings): void {
  for (const path of pathsNamed(input.paths, (n) => n === 'go.mod').sort(byDepth)) {
    const text = input.read(path) ?? '';
    found.add('package-manager', 'go-modules', { name: 'Go modules', evidence: path });
    const go = /^go\s+(\S+)/m.exec(text)?.[1];
    if (go) found.add('runtime', 'go', { name: 'Go', version: go, evidence: `${path}: go ${go}` });
    for (const { module, version } of goRequirements(text)) {
      const base = module.replace(/\/v\d+$/, '');
      found.addPackage(GO[base], shortVersion(version), `${path}: require ${module} ${version}`);
    }
  }
  for (const path of pathsNamed(input.paths, (n) => n === 'go.work')) {
    found.add('tooling', 'go-workspace', { name: 'Go workspace', evidence: path });
  }
  for (const path of pathsNamed(input.paths, (n) => n === 'go.sum'))
    found.add('package-manager', 'go-modules', { name: 'Go modules', evidence: path });
}
