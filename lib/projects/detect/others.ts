/**
 * Smaller ecosystems, by their manifests: Ruby (Gemfile), PHP (composer.json)
 * and .NET (project files).
 */
import { fileName, Findings, shortVersion, type DetectInput, type KnownPackage } from './findings';

const p = (category: KnownPackage['category'], key: string, name: string): KnownPackage => ({ category, key, name });

const GEMS: Record<string, KnownPackage> = {
  rails: p('framework', 'rails', 'Ruby on Rails'),
  sinatra: p('framework', 'sinatra', 'Sinatra'),
  rspec: p('testing', 'rspec', 'RSpec'),
  'rspec-rails': p('testing', 'rspec', 'RSpec'),
  minitest: p('testing', 'minitest', 'Minitest'),
  sidekiq: p('library', 'sidekiq', 'Sidekiq'),
};

const COMPOSER: Record<string, KnownPackage> = {
  'laravel/framework': p('framework', 'laravel', 'Laravel'),
  'symfony/framework-bundle': p('framework', 'symfony', 'Symfony'),
  'phpunit/phpunit': p('testing', 'phpunit', 'PHPUnit'),
  'pestphp/pest': p('testing', 'pest', 'Pest'),
  'doctrine/orm': p('library', 'doctrine', 'Doctrine ORM'),
};

const NUGET: [RegExp, KnownPackage][] = [
  [/^Microsoft\.AspNetCore/, p('framework', 'aspnet-core', 'ASP.NET Core')],
  [/^Microsoft\.EntityFrameworkCore/, p('library', 'ef-core', 'Entity Framework Core')],
  [/^xunit/, p('testing', 'xunit', 'xUnit')],
  [/^NUnit/, p('testing', 'nunit', 'NUnit')],
  [/^MSTest/, p('testing', 'mstest', 'MSTest')],
];

/** Adds what Gemfile, composer.json and .NET project files say. */
export function detectOthers(input: DetectInput, found: Findings): void {
  for (const path of input.paths) {
    const name = fileName(path);
    if (name === 'Gemfile') {
      found.add('package-manager', 'bundler', { name: 'Bundler', evidence: path });
      for (const m of (input.read(path) ?? '').matchAll(
        /^[ \t]*gem[ \t]+["']([^"']+)["'](?:[ \t]*,[ \t]*["']([^"']+)["'])?/gm,
      )) {
        found.addPackage(GEMS[m[1]], shortVersion(m[2]), `${path}: gem ${m[1]}${m[2] ? ` ${m[2]}` : ''}`);
      }
    } else if (name === 'composer.json') {
      found.add('package-manager', 'composer', { name: 'Composer', evidence: path });
      try {
        const doc = JSON.parse(input.read(path) ?? '{}') as Record<string, Record<string, string> | undefined>;
        for (const field of ['require', 'require-dev']) {
          for (const [pkg, spec] of Object.entries(doc[field] ?? {}))
            found.addPackage(COMPOSER[pkg], shortVersion(spec), `${path}: ${field}.${pkg} ${spec}`);
        }
      } catch {
        // A broken composer.json still tells us Composer is used.
      }
    } else if (/\.(csproj|fsproj|vbproj)$/.test(name)) {
      const text = input.read(path) ?? '';
      found.add('package-manager', 'nuget', { name: 'NuGet', evidence: path });
      const target = /<TargetFrameworks?>([^<]+)</.exec(text)?.[1]?.trim();
      if (target) found.add('runtime', 'dotnet', { name: '.NET', version: target, evidence: `${path}: ${target}` });
      if (/Sdk="Microsoft\.NET\.Sdk\.Web"/.test(text))
        found.addPackage(NUGET[0][1], undefined, `${path}: Microsoft.NET.Sdk.Web`);
      for (const m of text.matchAll(/<PackageReference\s+Include="([^"]+)"(?:\s+Version="([^"]+)")?/g)) {
        const hit = NUGET.find(([pattern]) => pattern.test(m[1]));
        if (hit) found.addPackage(hit[1], shortVersion(m[2]), `${path}: ${m[1]}${m[2] ? ` ${m[2]}` : ''}`);
      }
    }
  }
}
