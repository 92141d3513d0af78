'use client';
/** The facts behind an answer: model, speed, tokens, and what went into its prompt. */
import { useState } from 'react';
import type { Message } from '@/lib/core/records';
import { InfoIcon } from '../icons';
import { useServices } from '../services';
import { useKeyedLiveQuery } from '../../_hooks/use-keyed-live-query';
import { PromptInspector } from './prompt-inspector';

function seconds(ns?: number): string | undefined {
  return ns ? `${(ns / 1e9).toFixed(1)} s` : undefined;
}

/** "42.0 tokens/s" from Ollama's eval metrics. */
export function tokensPerSecond(message: Pick<Message, 'metrics'>): number | undefined {
  const m = message.metrics;
  if (!m?.evalCount || !m.evalDurationNs) return undefined;
  return m.evalCount / (m.evalDurationNs / 1e9);
}

export function AnswerDetails({ message }: { message: Message }) {
  const { db } = useServices();
  // Preferences this answer ignored, as the learning engine found them (lib/response/response.ts).
  const violations = useKeyedLiveQuery(message.id, async () => (await db.answers.get(message.id))?.violations ?? [], [
    db,
  ]);
  const [open, setOpen] = useState(false);
  const [inspecting, setInspecting] = useState(false);
  const tps = tokensPerSecond(message);
  const trace = message.trace;
  return (
    <span className="relative inline-flex items-center gap-2 text-xs">
      {/* Mounted only while shown: a closed inspector of a long conversation's prompt costs a long task when an answer completes. */}
      {trace && inspecting && <PromptInspector message={message} onClose={() => setInspecting(false)} />}
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        className="inline-flex items-center gap-1 rounded p-1.5 hover:bg-subtle hover:text-fg"
        aria-label="Answer details"
        title="Answer details"
      >
        <InfoIcon />
      </button>
      {message.model && <span className="font-mono">{message.model}</span>}
      {violations && violations.length > 0 && (
        <span
          className="rounded-full border border-warn/40 bg-warn-soft px-2 py-0.5 text-warn"
          title={violations.map((v) => v.reason).join('\n')}
          data-testid="ignored-preferences"
        >
          Ignored {violations.length === 1 ? 'a preference' : `${violations.length} preferences`}
        </span>
      )}
      {tps !== undefined && <span>{tps.toFixed(1)} tok/s</span>}
      {open && (
        <div className="absolute bottom-full left-0 z-20 mb-2 w-80 max-w-[80vw] rounded-lg border border-border bg-bg p-3 text-xs text-fg shadow-lg">
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
            <dt className="text-muted">Model</dt>
            <dd className="font-mono">{message.model ?? '—'}</dd>
            {message.metrics?.evalCount !== undefined && (
              <>
                <dt className="text-muted">Answer</dt>
                <dd>
                  {message.metrics.evalCount} tokens{tps !== undefined ? ` · ${tps.toFixed(1)} tokens/s` : ''}
                </dd>
              </>
            )}
            {message.metrics?.totalDurationNs !== undefined && (
              <>
                <dt className="text-muted">Time</dt>
                <dd>
                  {seconds(message.metrics.totalDurationNs)}
                  {message.metrics.loadDurationNs && message.metrics.loadDurationNs > 5e8
                    ? ` (loading the model ${seconds(message.metrics.loadDurationNs)})`
                    : ''}
                </dd>
              </>
            )}
            {trace && (
              <>
                <dt className="text-muted">Prompt</dt>
                <dd>
                  ~{trace.promptTokens.toLocaleString('en')} of {trace.contextLength.toLocaleString('en')} tokens ·{' '}
                  {trace.historyIds.length} message{trace.historyIds.length === 1 ? '' : 's'}
                </dd>
                {trace.omittedIds.length > 0 && (
                  <>
                    <dt className="text-muted">Left out</dt>
                    <dd>{trace.omittedIds.length} older messages did not fit the context window</dd>
                  </>
                )}
              </>
            )}
          </dl>
          {violations && violations.length > 0 && (
            <ul className="mt-2 list-disc pl-4 text-warn">
              {violations.map((v) => (
                <li key={v.memoryId}>{v.reason}</li>
              ))}
            </ul>
          )}
          {trace && (
            <button
              type="button"
              onClick={() => {
                setOpen(false);
                setInspecting(true);
              }}
              className="mt-2 w-full rounded-md border border-border px-2 py-1 text-left font-medium hover:bg-subtle"
            >
              Inspect the prompt
              {trace.sections?.length
                ? ` (${trace.sections.reduce((n, s) => n + s.items.length, 0)} context items)`
                : ''}
              …
            </button>
          )}
        </div>
      )}
    </span>
  );
}
