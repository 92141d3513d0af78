/**
 * The labelled follow-ups the signal model is trained on
 * (../shared/data/followups-train/followups_train.jsonl by default), read and
 * checked, with the conversation each row comes from (for grouped folds).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { MODEL_CLASSES, type ModelClass } from '../../../lib/signals/learned/model';

/** Where the training data sits, relative to the repository root, unless SIGNALS_DATA or --data says otherwise. */
export const DEFAULT_DATA = '../shared/data/followups-train/followups_train.jsonl';

/**
 * The default data file for a checkout at `root`: DEFAULT_DATA beside the
 * main checkout, or beside the folder of worktrees (wt/<branch>) it sits in.
 */
export function defaultDataPath(root: string): string {
  const candidates = [path.resolve(root, DEFAULT_DATA), path.resolve(root, '..', DEFAULT_DATA)];
  return candidates.find((c) => fs.existsSync(c)) ?? candidates[0];
}

export interface TrainRow {
  id: string;
  source: string;
  prev_user: string | null;
  prev_assistant: string | null;
  message: string;
  label: ModelClass;
  also_labels: string[];
  /** The conversation the row comes from: no conversation is in both a fold's train and test part. */
  group: string;
}

/**
 * The conversation of a row, from its `source`: a CodeChat conversation id, a
 * shared-chat URL, or else the repository file (one transcript per file).
 */
export function conversationOf(source: string): string {
  const codechat = /conversation_id=(\w+)/.exec(source);
  if (codechat) return `codechat:${codechat[1]}`;
  const share = /\/share\/([\w-]+)/.exec(source);
  if (share) return `share:${share[1]}`;
  return source.split(' | ')[0];
}

/** The training file's bytes and rows; throws a message that says what to do when it is missing or malformed. */
export function readTrainingData(file: string): { rows: TrainRow[]; hash: string } {
  if (!fs.existsSync(file)) {
    throw new Error(
      `Training data not found at ${path.resolve(file)}.\n` +
        `Point to followups_train.jsonl with --data <file> or SIGNALS_DATA=<file> (default: ${DEFAULT_DATA}, relative to the repository).\n` +
        'The app and the tests do not need it: the trained weights are committed in lib/signals/learned/model.json.',
    );
  }
  const bytes = fs.readFileSync(file);
  const hash = crypto.createHash('sha256').update(bytes).digest('hex');
  const rows: TrainRow[] = [];
  bytes
    .toString('utf8')
    .split('\n')
    .forEach((line, n) => {
      if (!line.trim()) return;
      const r = JSON.parse(line) as Omit<TrainRow, 'group'>;
      if (typeof r.message !== 'string' || !(MODEL_CLASSES as readonly string[]).includes(r.label)) {
        throw new Error(`${file}:${n + 1}: expected a "message" and a "label" in ${MODEL_CLASSES.join(', ')}`);
      }
      rows.push({ ...r, also_labels: r.also_labels ?? [], group: conversationOf(r.source ?? r.id) });
    });
  return { rows, hash };
}
