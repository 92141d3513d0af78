/**
 * The anonymizer's speed (issue 15): per message (the generated corpus's
 * rows: code, logs, .env files, chat, 1 KB on average) p50/p95, and the
 * throughput over a large text, for every kind (contributions) and for the
 * secrets only (the project scan, the remote-Ollama check). Pure functions,
 * so measured in Node (V8, the engine of Chromium's worker).
 */
import { anonymize } from '../../lib/privacy/anonymize';
import { findSecrets } from '../../lib/privacy/anonymize/secrets';
import { generateCorpus } from '../eval/anonymize-corpus';
import { percentile } from './harness';

export interface AnonymizeBench {
  messages: number;
  averageBytes: number;
  p50Ms: number;
  p95Ms: number;
  megabytes: number;
  allMBps: number;
  secretsMBps: number;
}

function throughput(text: string, fn: (t: string) => unknown): number {
  fn(text.slice(0, 100_000)); // warm up
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    fn(text);
    times.push(performance.now() - t);
  }
  const best = Math.min(...times);
  return text.length / 1_048_576 / (best / 1000);
}

/** Runs the measurements (a few seconds). */
export function benchAnonymize(): AnonymizeBench {
  const rows = generateCorpus(2000, 7);
  for (const r of rows.slice(0, 200)) anonymize(r.text); // warm up
  const times = rows.map((r) => {
    const t = performance.now();
    anonymize(r.text);
    return performance.now() - t;
  });
  const big = rows.map((r) => r.text).join('\n');
  return {
    messages: rows.length,
    averageBytes: big.length / rows.length,
    p50Ms: percentile(times, 50),
    p95Ms: percentile(times, 95),
    megabytes: big.length / 1_048_576,
    allMBps: throughput(big, (t) => anonymize(t, { paths: true })),
    secretsMBps: throughput(big, findSecrets),
  };
}
