import fs from 'node:fs';
import { detectTextSignals } from '../../lib/learning/text/detect';
const lines = fs.readFileSync('tests/fixtures/signals/corpus.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const kinds = ['thanks', 'no_followup', 'repeated_question', 'said_wrong', 'code_error', 'user_corrected'];
const stats: Record<string, { tp: number; fp: number; fn: number }> = Object.fromEntries(kinds.map((k) => [k, { tp: 0, fp: 0, fn: 0 }]));
const errors: string[] = [];
let exact = 0;
for (const l of lines) {
  const got = new Set<string>(detectTextSignals({ prevUser: l.prev_user, prevAssistant: l.prev_assistant, message: l.message }).map((s) => s.kind));
  const want = new Set<string>(l.expected);
  let ok = true;
  for (const k of kinds) {
    if (got.has(k) && want.has(k)) stats[k].tp++;
    else if (got.has(k)) { stats[k].fp++; ok = false; errors.push(`FP ${k} ${l.id}: ${l.message.slice(0, 140).replace(/\n/g, '⏎')} | ${l.note ?? ''}`); }
    else if (want.has(k)) { stats[k].fn++; ok = false; errors.push(`FN ${k} ${l.id}: ${l.message.slice(0, 140).replace(/\n/g, '⏎')} | ${l.note ?? ''}`); }
  }
  if (ok) exact++;
}
for (const k of kinds) { const s = stats[k]; const p = s.tp / (s.tp + s.fp || 1), r = s.tp / (s.tp + s.fn || 1); console.log(k.padEnd(18), 'P', p.toFixed(2), 'R', r.toFixed(2), 'F1', (2 * p * r / (p + r || 1)).toFixed(2), JSON.stringify(s)); }
console.log('exact', exact, '/', lines.length);
const filter = process.argv[2];
for (const e of errors) if (!filter || e.includes(filter)) console.log(e);
