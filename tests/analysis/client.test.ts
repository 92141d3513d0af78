/**
 * The analysis worker client (lib/analysis/client.ts) over a worker that
 * answers through a real Comlink channel and can die: a call waiting when the
 * worker dies fails with a clear error instead of waiting forever, and the
 * next call starts a new worker.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { expose } from 'comlink';
import { createAnalysisWorkerClient, type AnalysisWorkerClient } from '@/lib/analysis/client';
import type { AnalysisWorkerApi } from '@/lib/analysis/api';
import { isCodelumiError } from '@/lib/core/errors';

/** A stand-in for the worker: the API exposed on one end of a MessageChannel; `die` fires the error a crashed worker fires. */
function stubWorker(api: Partial<AnalysisWorkerApi>) {
  const { port1, port2 } = new MessageChannel();
  expose(api, port2 as unknown as Parameters<typeof expose>[1]);
  let terminated = false;
  const worker = Object.assign(port1, {
    terminate() {
      terminated = true;
      port1.close();
      port2.close();
    },
  });
  return {
    worker: worker as unknown as Worker,
    die: (message?: string) => port1.dispatchEvent(Object.assign(new Event('error'), { message })),
    isTerminated: () => terminated,
  };
}

/** An import that never finishes (the worker is busy with it when it dies). */
const neverEnding = () => new Promise<never>(() => undefined);

let client: AnalysisWorkerClient | undefined;
afterEach(() => client?.terminate());

function clientOver(...apis: Partial<AnalysisWorkerApi>[]) {
  const started: ReturnType<typeof stubWorker>[] = [];
  client = createAnalysisWorkerClient(() => {
    const stub = stubWorker(apis[Math.min(started.length, apis.length - 1)]);
    started.push(stub);
    return stub.worker;
  });
  return { client, started };
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );

describe('the analysis worker client', () => {
  it('fails a call waiting when the worker dies, with what happened, and starts a new worker for the next call', async () => {
    const { client, started } = clientOver(
      { importArchive: neverEnding, ping: async () => 'pong' },
      { ping: async () => 'pong' },
    );
    expect(await client.ping()).toBe('pong');
    const importing = failure(client.importArchive(new Blob(['x']), 'merge'));
    started[0].die('Uncaught RangeError: Array buffer allocation failed');
    const err = await importing;
    expect(isCodelumiError(err)).toBe(true);
    expect((err as Error).message).toMatch(
      /background worker stopped before it finished \(an error in it: Uncaught RangeError: Array buffer allocation failed\); trying again starts a new one/,
    );
    expect(started[0].isTerminated()).toBe(true);
    expect(await client.ping()).toBe('pong');
    expect(started).toHaveLength(2);
  });

  it('fails the calls waiting when the page stops the worker', async () => {
    const { client } = clientOver({ exportArchive: neverEnding, search: neverEnding });
    const exporting = failure(client.exportArchive({ app: '0', projectFiles: false }));
    const searching = failure(client.search('nginx'));
    client.terminate();
    expect(((await exporting) as Error).message).toMatch(/stopped before it finished \(it was stopped\)/);
    expect(((await searching) as Error).message).toMatch(/it was stopped/);
  });

  it('leaves the new worker’s calls alone when the old one reports an error late', async () => {
    const { client, started } = clientOver({ ping: async () => 'pong' });
    await client.ping();
    started[0].die();
    const pinging = client.ping();
    started[0].die('late');
    expect(await pinging).toBe('pong');
    expect(started).toHaveLength(2);
    expect(started[1].isTerminated()).toBe(false);
  });
});
