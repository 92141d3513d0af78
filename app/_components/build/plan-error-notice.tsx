'use client';
/**
 * Why a plan paused or failed: an error with the chat's words and next steps
 * (ErrorNotice: `ollama serve`, OLLAMA_ORIGINS, download the model, open
 * Settings), and "Choose another model" opens a model picker for the plan's
 * next steps. A sentence (a step that failed its check, or an error stored
 * before errors kept their code) shows as it is.
 */
import Link from 'next/link';
import { useState } from 'react';
import type { PlanRecord } from '@/lib/planner/types';
import { ErrorNotice } from '../chat/error-notice';
import { ModelPicker } from '../chat/model-picker';
import { PRIMARY, SECONDARY } from './ui';

export function PlanErrorNotice({
  error,
  model,
  onRetry,
  onUseModel,
}: {
  error: NonNullable<PlanRecord['error']>;
  /** The plan's model now (the picker starts on it). */
  model: string;
  /** "Try again": resumes the plan. */
  onRetry?: () => void;
  /** Switches the plan to `model` and resumes it; absent: no model choice is offered. */
  onUseModel?: (model: string) => void;
}) {
  const [choosing, setChoosing] = useState(false);
  // A step too long for the model's window: the Planner's own sentence (the chat's speaks of "your message").
  if (typeof error !== 'string' && error.code === 'overflow:context')
    return (
      <div className="space-y-2 rounded-lg border border-danger/40 bg-danger-soft px-3 py-2 text-sm" role="alert">
        <p>{error.message}</p>
        <div className="flex flex-wrap gap-2">
          <Link href="/settings/" className={SECONDARY}>
            Open Settings
          </Link>
          {onUseModel && (
            <button type="button" className={SECONDARY} onClick={() => setChoosing(true)}>
              Choose another model
            </button>
          )}
          {onRetry && (
            <button type="button" className={PRIMARY} onClick={onRetry}>
              Try again
            </button>
          )}
        </div>
        {onUseModel && choosing && <ModelChoice model={model} onUseModel={onUseModel} />}
      </div>
    );
  if (typeof error === 'string')
    return (
      <p className="rounded-lg border border-danger/40 bg-danger-soft px-3 py-2 text-sm" role="alert">
        {error}
      </p>
    );
  return (
    <div className="space-y-2">
      <ErrorNotice error={error} onRetry={onRetry} onChooseModel={onUseModel ? () => setChoosing(true) : undefined} />
      {onUseModel && choosing && <ModelChoice model={model} onUseModel={onUseModel} />}
    </div>
  );
}

/** The model picker for the plan's next steps, and "Use … and resume". */
function ModelChoice({ model, onUseModel }: { model: string; onUseModel: (model: string) => void }) {
  const [chosen, setChosen] = useState(model);
  return (
    <div className="flex flex-wrap items-center gap-2 rounded-lg border border-border bg-panel px-3 py-2 text-sm">
      <span>Use another model for the next steps:</span>
      <div className="min-w-0 flex-1">
        <ModelPicker value={chosen} onChange={setChosen} />
      </div>
      <button
        type="button"
        className={PRIMARY}
        disabled={!chosen || chosen === model}
        onClick={() => onUseModel(chosen)}
      >
        Use {chosen || 'it'} and resume
      </button>
    </div>
  );
}
