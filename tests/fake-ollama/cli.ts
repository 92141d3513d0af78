/**
 * `npm run fake-ollama -- [--port 11434] [--host 127.0.0.1] [--origins ...] [--tps 40] [--script rules.json] [--quiet]`
 * Starts the fake Ollama (a TEST DOUBLE) and prints its URL; Ctrl+C stops it.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { rulesFromJson, startFakeOllama } from './index';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '11434' },
    host: { type: 'string' },
    origins: { type: 'string' },
    tps: { type: 'string' },
    script: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  process.stdout.write(
    'Usage: npm run fake-ollama -- [--port 11434] [--host 127.0.0.1] [--origins ...] [--tps 40] [--script rules.json] [--quiet]\n',
  );
  process.exit(0);
}

function numberArg(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) {
    process.stderr.write(`fake-ollama: --${name} must be a non-negative number, got ${JSON.stringify(raw)}\n`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const fake = await startFakeOllama({
    port: numberArg('port', values.port),
    host: values.host,
    origins: values.origins,
    tokensPerSecond: numberArg('tps', values.tps),
    quiet: values.quiet,
  });
  if (values.script) {
    const rules = rulesFromJson(JSON.parse(readFileSync(values.script, 'utf8')));
    fake.script(rules);
    process.stdout.write(`Loaded ${rules.length} rule(s) from ${values.script}\n`);
  }
  process.stdout.write(
    [
      '',
      '  FAKE OLLAMA - a test double, not a real Ollama server.',
      `  Listening on ${fake.url}`,
      `  Models: ${fake
        .models()
        .map((m) => m.name)
        .join(', ')}`,
      '  Control: GET /__fake/requests, POST /__fake/script, POST /__fake/reset, POST /__fake/models',
      '  Press Ctrl+C to stop.',
      '',
    ].join('\n') + '\n',
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void fake.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`fake-ollama: ${(e as Error).message}\n`);
  process.exit(1);
});
