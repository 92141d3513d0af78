/** Builders for the hub's tests: install keys and contribution batches in the wire format. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { ContributionBatch, PatternContribution, SignalCount } from '@/lib/privacy/hub-api';

/** A fresh install key as an install makes one: "ck_" and 32 random bytes in base64url. */
export const newInstallKey = () => `ck_${randomBytes(32).toString('base64url')}`;

export function pattern(over: Partial<PatternContribution> = {}): PatternContribution {
  return {
    questionKind: 'react/debug',
    answerStyle: 'short|code-first|no-steps|no-tests',
    successes: 4,
    failures: 1,
    description: 'React debugging: short answers, code first',
    ...over,
  };
}

export function signal(over: Partial<SignalCount> = {}): SignalCount {
  return { week: '2026-W49', questionKind: 'react/debug', signal: 'code_ran_ok', count: 3, ...over };
}

/** A tier-3 batch with one pattern and one signal count unless told otherwise. */
export function batch(over: Partial<ContributionBatch> = {}): ContributionBatch {
  return {
    v: 1,
    batchId: randomUUID(),
    installKey: newInstallKey(),
    tier: 3,
    createdAt: new Date().toISOString(),
    signals: [signal()],
    patterns: [pattern()],
    ...over,
  };
}
