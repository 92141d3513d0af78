/**
 * The runner frame's file server, a same-origin worker the app page starts
 * from /runner/files.js (lib/runner/host.ts). Its fetches of the runtime
 * files are answered by the service worker (its cache offline, the network
 * once), and it streams them to the frame over the port it is given
 * (lib/runner/runtime-server.ts), so the bytes never pass through the app's
 * main thread. It serves only the runtime files listed there, and only on
 * that port: the user's code has no way to reach it.
 */
import { serveRuntimeFiles } from '../../lib/runner/runtime-server';

const scope = globalThis as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (e: MessageEvent<{ assetBase?: unknown }>) => {
  const port = e.ports[0];
  const base = e.data?.assetBase;
  if (!port || typeof base !== 'string') return;
  // One port, once: later messages are ignored.
  scope.onmessage = null;
  serveRuntimeFiles(port, base, fetch.bind(globalThis));
};
