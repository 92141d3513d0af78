#!/usr/bin/env node
// `npm start`: builds Codelumi when out/ is missing or stale, then serves it
// on http://localhost:3000 (PORT overrides the port, HOST the address).
import { build } from './build.mjs';
import { startStaticServer } from './lib/serve.mjs';
import { OUT_DIR } from './lib/fingerprint.mjs';

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || 'localhost';

try {
  build({ ifStale: true });
} catch (err) {
  console.error(String(err.message ?? err));
  process.exit(1);
}

try {
  const server = await startStaticServer({ dir: OUT_DIR, port, host });
  const shown = `http://${host === '127.0.0.1' || host === '::1' ? host : 'localhost'}:${server.port}`;
  console.log(`\nCodelumi is running at ${shown}\n`);
  console.log('It talks to your Ollama at http://127.0.0.1:11434 (change it in Settings).');
  console.log('Press Ctrl+C to stop.');
  const stop = () => server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  if (err && err.code === 'EADDRINUSE') {
    console.error(`Port ${port} is already in use. Start Codelumi on another port: PORT=3001 npm start`);
  } else {
    console.error(`Could not start the server: ${err?.message ?? err}`);
  }
  process.exit(1);
}
