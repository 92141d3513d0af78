'use client';
/**
 * "What should I build?": the request, the model that plans and executes it,
 * and the attached project it targets (the chat's own pickers); while
 * Ollama is not ready, the chat's help to get it running.
 */
import { useState } from 'react';
import { useConnection } from '../../_hooks/use-connection';
import { ModelPicker } from '../chat/model-picker';
import { ConnectionHelp } from '../connection/connection-help';
import { ProjectPicker } from '../chat/project-picker';
import { PRIMARY } from './ui';

export function RequestForm({
  model,
  onModelChange,
  projectId,
  onProjectChange,
  onSubmit,
}: {
  model: string;
  onModelChange: (model: string) => void;
  projectId: string;
  onProjectChange: (projectId: string) => void;
  /** Starts planning; resolves once the plan is stored (true: the request can be cleared). */
  onSubmit: (request: string) => Promise<boolean>;
}) {
  const [request, setRequest] = useState('');
  const [sending, setSending] = useState(false);
  const connection = useConnection();
  // Ollama not running, blocking this page, or without a model: the chat's help says what to do.
  const down = connection.data && connection.data.status !== 'ready' ? connection.data : undefined;
  const ready = request.trim().length > 0 && !!model && !sending;

  const submit = async () => {
    if (!ready) return;
    setSending(true);
    const started = await onSubmit(request.trim());
    setSending(false);
    if (started) setRequest('');
  };

  return (
    <form
      aria-labelledby="build-request-title"
      className="rounded-xl border border-border bg-panel p-4 sm:p-5"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id="build-request-title" className="text-sm font-semibold">
        <label htmlFor="build-request">What should I build?</label>
      </h2>
      <p className="mt-1 text-xs text-muted">
        Codelumi plans the steps with your model, shows you a dry run, then writes and checks each file in the sandbox.
        Nothing is written into a project until you accept it.
      </p>
      <textarea
        id="build-request"
        value={request}
        onChange={(e) => setRequest(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
            e.preventDefault();
            void submit();
          }
        }}
        rows={3}
        placeholder="A command-line todo app in Python, with tests"
        className="mt-3 w-full resize-y rounded-lg border border-border bg-bg px-3 py-2 text-sm"
      />
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <ProjectPicker value={projectId} onChange={onProjectChange} />
        {/* A block around the picker: in a wrapping row its select would otherwise shrink to nothing. */}
        <div className="min-w-0 flex-1">
          <ModelPicker value={model} onChange={onModelChange} />
        </div>
        <button type="submit" className={PRIMARY} disabled={!ready}>
          {sending ? 'Starting…' : 'Plan it'}
        </button>
      </div>
      {down ? (
        <div className="mt-3">
          <ConnectionHelp state={down} onRetry={() => void connection.refetch()} retrying={connection.isFetching} />
        </div>
      ) : (
        !model && (
          <p className="mt-2 text-xs text-muted">Choose a model first: the plan is written by your own model.</p>
        )
      )}
    </form>
  );
}
