import { describe, expect, it } from 'vitest';
import {
  hostToSandboxSchema,
  parseMessage,
  previewHelloSchema,
  previewToHostSchema,
  sandboxToHostSchema,
} from '@/lib/runner/protocol';
import { readHostMessage } from '@/lib/runner/host-message';

const run = {
  type: 'run',
  runId: 'r1',
  language: 'python',
  code: 'print(1)',
  timeLimitMs: 10_000,
  outputLimit: 100_000,
};

describe('sandbox protocol', () => {
  it('accepts a well-formed result from the sandbox', () => {
    const msg = { type: 'result', runId: 'r1', status: 'ok', passed: 2, failed: 0, durationMs: 12.5, truncated: false };
    expect(parseMessage(sandboxToHostSchema, msg)).toEqual(msg);
  });

  it('drops messages of unknown type, wrong status, negative counts or extra-long output', () => {
    expect(parseMessage(sandboxToHostSchema, { type: 'navigate', url: 'https://example.com' })).toBeUndefined();
    expect(
      parseMessage(sandboxToHostSchema, {
        type: 'result',
        runId: 'r1',
        status: 'passed',
        passed: 1,
        failed: 0,
        durationMs: 1,
        truncated: false,
      }),
    ).toBeUndefined();
    expect(
      parseMessage(sandboxToHostSchema, {
        type: 'result',
        runId: 'r1',
        status: 'ok',
        passed: -1,
        failed: 0,
        durationMs: 1,
        truncated: false,
      }),
    ).toBeUndefined();
    expect(
      parseMessage(sandboxToHostSchema, { type: 'output', runId: 'r1', stream: 'stdout', text: 'x'.repeat(200_001) }),
    ).toBeUndefined();
    expect(parseMessage(sandboxToHostSchema, 'ready')).toBeUndefined();
    expect(parseMessage(sandboxToHostSchema, null)).toBeUndefined();
  });

  it('drops preview messages that are not hello, console, error, rendered, alive or pong', () => {
    expect(parseMessage(previewToHostSchema, { type: 'preview-rendered', previewId: 'p1' })).toBeTruthy();
    expect(parseMessage(previewToHostSchema, { type: 'preview-alive', previewId: 'p1' })).toBeTruthy();
    expect(parseMessage(previewToHostSchema, { type: 'preview-pong', previewId: 'p1', n: 3 })).toEqual({
      type: 'preview-pong',
      previewId: 'p1',
      n: 3,
    });
    expect(parseMessage(previewToHostSchema, { type: 'preview-pong', previewId: 'p1', n: -1 })).toBeUndefined();
    expect(parseMessage(previewToHostSchema, { type: 'preview-pong', previewId: 'p1' })).toBeUndefined();
    // Only the app pings; a pane's ping to the app is nothing.
    expect(parseMessage(previewToHostSchema, { type: 'preview-ping', previewId: 'p1', n: 1 })).toBeUndefined();
    expect(parseMessage(previewHelloSchema, { type: 'preview-hello', previewId: 'p1' })).toBeTruthy();
    expect(parseMessage(previewHelloSchema, { type: 'preview-rendered', previewId: 'p1' })).toBeUndefined();
    expect(
      parseMessage(previewToHostSchema, {
        type: 'result',
        runId: 'r1',
        status: 'ok',
        passed: 99,
        failed: 0,
        durationMs: 1,
        truncated: false,
      }),
    ).toBeUndefined();
  });

  it('the sandbox document accepts exactly what the app schema accepts', () => {
    const samples: unknown[] = [
      run,
      { ...run, tests: 'assert True', jsx: false },
      { type: 'cancel', runId: 'r1' },
      { ...run, language: 'ruby' },
      { ...run, timeLimitMs: 50 },
      { ...run, outputLimit: 10 },
      { ...run, code: 42 },
      { ...run, runId: '' },
      { ...run, jsx: 'yes' },
      { type: 'cancel' },
      { type: 'eval', runId: 'r1' },
      { type: 'warm', runtime: 'python' },
      { type: 'warm', runtime: 'python', runId: 'r1' },
      { type: 'warm', runtime: 'javascript' },
      { type: 'warm' },
      { type: 'files' },
      { type: 'files', port: 1 },
      undefined,
      'run',
    ];
    for (const s of samples) {
      const zod = parseMessage(hostToSandboxSchema, s);
      const manual = readHostMessage(s);
      expect(manual === undefined, JSON.stringify(s)).toBe(zod === undefined);
      if (zod) expect(manual).toEqual(JSON.parse(JSON.stringify(zod)));
    }
  });
});
