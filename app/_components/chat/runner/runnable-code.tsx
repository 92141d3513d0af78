'use client';
/**
 * What makes a code block of a finished answer runnable: Run (or Preview),
 * Edit in place, Write tests, Fix it after a failure, and the run's output
 * or preview below the code.
 */
import { useEffect, useMemo, useState } from 'react';
import { loadPreviewRuntime } from '@/lib/runner/preview-runtime';
import type { ProcessedBlock } from '@/lib/response/response';
import { blockKey, type BlockRef } from '@/lib/runner/board';
import { isPreviewLanguage, languageLabel, reactUsesTypeScript, type RunnerLanguage } from '@/lib/runner/languages';
import type { PreviewSource } from '@/lib/runner/preview';
import type { Message } from '@/lib/core/records';
import { useBlockRun } from '../../../_hooks/use-block-run';
import { useSettings } from '../../../_hooks/use-settings';
import { useChatController } from '../chat-controller';
import { RunOutput } from './run-output';
import { PreviewPane } from './preview-pane';
import { PlayIcon, RefreshIcon } from '../../icons';

const BUTTON =
  'inline-flex items-center gap-1 rounded px-1.5 py-0.5 hover:bg-subtle hover:text-fg disabled:opacity-40 disabled:hover:bg-transparent';

export function RunnableCode({
  message,
  blocks,
  blockIndex,
  language,
  fence,
  code,
  children,
}: {
  message: Message;
  /** The answer's code blocks (Response Processor): an HTML preview takes its sibling CSS and scripts from them. */
  blocks: readonly ProcessedBlock[];
  blockIndex: number;
  language: RunnerLanguage;
  fence: string;
  code: string;
  /** The highlighted code view. */
  children: React.ReactNode;
}) {
  const { live, stored, draft, busy, runner } = useBlockRun(message.id, blockIndex);
  const chat = useChatController();
  const settings = useSettings();
  const [editing, setEditing] = useState(false);
  const [previewRun, setPreviewRun] = useState(0);
  const ref: BlockRef = useMemo(
    () => ({ conversationId: message.conversationId, messageId: message.id, blockIndex, language, fence, code }),
    [message.conversationId, message.id, blockIndex, language, fence, code],
  );
  const current = draft ?? code;
  const preview = isPreviewLanguage(language);
  const label = languageLabel(language);
  const lastOutcome = live?.outcome ?? (live ? undefined : stored);
  const failed =
    !!lastOutcome && lastOutcome.status !== 'ok' && !busy && !(live?.outcome?.error?.message === 'Stopped.');
  const timeLimitMs = (settings?.runTimeLimitSec ?? 10) * 1000;
  // The runtime is fetched when the block appears, not when Preview is pressed: a preview then
  // needs no network at all (until the service worker caches the app for offline use).
  const [runtimeReady, setRuntimeReady] = useState(false);
  useEffect(() => {
    if (language !== 'html' && language !== 'react') return;
    let live = true;
    loadPreviewRuntime(`${window.location.origin}/runner/`, language).then(
      () => live && setRuntimeReady(true),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [language]);

  const previewSource = useMemo<PreviewSource>(() => {
    if (language === 'react') return { kind: 'react', code: current, typescript: reactUsesTypeScript(fence) };
    const siblings = blocks.filter((b) => b.index !== blockIndex && b.closed);
    return {
      kind: 'html',
      code: current,
      css: siblings.filter((b) => b.language === 'css').map((b) => b.code),
      js: /<script[^>]+src=["'](?!https?:)/i.test(current)
        ? siblings.filter((b) => b.language && b.runner === 'javascript').map((b) => b.code)
        : [],
    };
  }, [language, current, fence, blocks, blockIndex]);

  const run = () => {
    setEditing(false);
    if (preview) setPreviewRun((n) => n + 1);
    else void runner.run(ref, { trigger: 'user' });
  };
  const fix = () => {
    const o = live?.outcome ?? stored;
    if (!o) return;
    const outcome = {
      status: o.status,
      passed: o.passed ?? 0,
      failed: o.failed ?? 0,
      durationMs: o.durationMs,
      stdout: live
        ? live.output
            .filter((x) => x.stream === 'stdout')
            .map((x) => x.text)
            .join('')
        : (stored?.stdout ?? ''),
      stderr: live
        ? live.output
            .filter((x) => x.stream === 'stderr')
            .map((x) => x.text)
            .join('')
        : (stored?.stderr ?? ''),
      truncated: !!o.truncated,
      error: o.error as never,
      wallMs: 0,
    };
    void runner
      .fix(ref, { code: current, tests: live ? undefined : stored?.tests, outcome }, chat.sendFollowUp)
      .catch(() => undefined);
  };

  return (
    <div data-runnable={language} data-block-index={blockIndex} data-runtime-ready={preview ? runtimeReady : undefined}>
      {editing ? (
        <div className="p-2">
          <label className="sr-only" htmlFor={`edit-${blockKey(message.id, blockIndex)}`}>
            Edit the {label} code
          </label>
          <textarea
            id={`edit-${blockKey(message.id, blockIndex)}`}
            value={current}
            onChange={(e) =>
              runner.setDraft(blockKey(message.id, blockIndex), e.target.value === code ? undefined : e.target.value)
            }
            onKeyDown={(e) => {
              if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
                e.preventDefault();
                run();
              } else if (e.key === 'Escape') setEditing(false);
            }}
            spellCheck={false}
            rows={Math.min(24, Math.max(4, current.split('\n').length + 1))}
            className="block w-full resize-y rounded-md border border-border bg-bg p-2 font-mono text-[13px] leading-relaxed"
            aria-describedby={`edit-help-${blockKey(message.id, blockIndex)}`}
          />
          <p id={`edit-help-${blockKey(message.id, blockIndex)}`} className="mt-1 text-xs text-muted">
            Ctrl+Enter runs the edited code · Esc closes the editor
          </p>
        </div>
      ) : draft !== undefined ? (
        <pre className="overflow-x-auto p-3 font-mono text-[13px] leading-relaxed" aria-label={`Edited ${label} code`}>
          <code>{draft}</code>
        </pre>
      ) : (
        children
      )}
      <div
        className="flex flex-wrap items-center gap-1 border-t border-border px-2 py-1 text-xs text-muted"
        role="toolbar"
        aria-label={`${label} code actions`}
      >
        {busy && live && live.phase !== 'done' ? (
          <button
            type="button"
            className={BUTTON}
            onClick={() => runner.cancel(blockKey(message.id, blockIndex))}
            aria-label={`Stop the ${label} run`}
          >
            <span className="inline-block h-2.5 w-2.5 rounded-sm bg-current" aria-hidden="true" /> Stop
          </button>
        ) : (
          <button
            type="button"
            className={`${BUTTON} font-medium text-accent-text`}
            onClick={run}
            // About to run: Python starts loading now (a no-op once it is loading or ready).
            onPointerEnter={() => runner.warmUp({ runner: language, code: current }, 'intent')}
            onFocus={() => runner.warmUp({ runner: language, code: current }, 'intent')}
            disabled={busy}
            aria-label={preview ? `Preview the ${label} code` : `Run the ${label} code`}
          >
            <PlayIcon className="h-3.5 w-3.5" /> {preview ? 'Preview' : 'Run'}
          </button>
        )}
        <button
          type="button"
          className={BUTTON}
          onClick={() => setEditing((e) => !e)}
          aria-pressed={editing}
          aria-label={editing ? `Done editing the ${label} code` : `Edit the ${label} code`}
        >
          {editing ? 'Done' : 'Edit'}
        </button>
        {draft !== undefined && (
          <button
            type="button"
            className={BUTTON}
            onClick={() => runner.setDraft(blockKey(message.id, blockIndex), undefined)}
            aria-label="Reset: undo my edits"
          >
            <RefreshIcon className="h-3.5 w-3.5" /> Reset
          </button>
        )}
        {!preview && (
          <button
            type="button"
            className={BUTTON}
            onClick={() => void runner.writeTests(ref, chat.sendFollowUp).catch(() => undefined)}
            disabled={busy || chat.busy}
            aria-label={`Write tests for the ${label} code`}
          >
            Write tests
          </button>
        )}
        {failed && !preview && (
          <button
            type="button"
            className={`${BUTTON} font-medium text-danger`}
            onClick={fix}
            disabled={chat.busy}
            aria-label={`Fix it: ask the model to fix the ${label} code`}
          >
            Fix it
          </button>
        )}
        {draft !== undefined && <span className="ml-auto italic">edited</span>}
      </div>
      {preview && previewRun > 0 && (
        <PreviewPane
          board={runner}
          refBlock={ref}
          source={previewSource}
          code={current}
          timeLimitMs={timeLimitMs}
          runKey={previewRun}
        />
      )}
      {(live || stored) && <RunOutput live={live} stored={stored} />}
    </div>
  );
}
