import fs from 'node:fs';
import { detectTextSignals } from '../../lib/learning/text/detect';
import { splitMessage, clausesOf } from '../../lib/learning/text/normalize';
const ids = process.argv.slice(2);
for (const l of fs.readFileSync('tests/fixtures/signals/corpus.jsonl', 'utf8').trim().split('\n').map((x) => JSON.parse(x))) {
  if (!ids.includes(l.id)) continue;
  const p = splitMessage(l.message);
  console.log(l.id, JSON.stringify(clausesOf(p.prose)), '\n  =>', JSON.stringify(detectTextSignals({ prevUser: l.prev_user, prevAssistant: l.prev_assistant, message: l.message }).map((s) => [s.kind, s.evidence.slice(0, 60)])), ' want', l.expected);
}
