'use client';
/**
 * The Models page's "Your model" section: what Codelumi has learned that a
 * personal model would carry, "Create my model", "Add an adapter", and the
 * versions made so far.
 */
import { useState } from 'react';
import type { ModelInfo } from '@/lib/ollama/models';
import { useLearnedMaterial, usePersonalVersions } from '../../_hooks/use-personal-models';
import { CreateModelDialog } from './create-model-dialog';
import { AdapterDialog } from './adapter-dialog';
import { plural } from '@/lib/personal/plural';
import { ModelVersions } from './model-versions';

/**
 * "Your model" on the Models page: how much was learned (or that nothing
 * was yet), the buttons that open the create and adapter dialogs (off while
 * Ollama is unreachable), and the versions made so far.
 */
export function PersonalModelCard({
  models,
  reachable,
  ollamaVersion,
  onChanged,
}: {
  models: readonly ModelInfo[];
  reachable: boolean;
  ollamaVersion?: string;
  onChanged: () => void;
}) {
  const material = useLearnedMaterial();
  const versions = usePersonalVersions();
  const [dialog, setDialog] = useState<'create' | 'adapter' | null>(null);
  const learned = material ? material.memories.length + material.examples.length : undefined;
  return (
    <section aria-labelledby="personal-title" className="space-y-3">
      <h2 id="personal-title" className="text-sm font-semibold">
        Your model
      </h2>
      <div className="rounded-xl border border-border bg-panel p-4 text-sm">
        {learned === 0 ? (
          <p data-testid="personal-empty">
            Codelumi has not learned anything about you yet. Once you state preferences in a chat (“I prefer TypeScript
            with strict types”), correct an answer, or use answers that work, “Create my model” builds an Ollama model
            that carries them. Created now, it would be a copy of its base with only a context window set.
          </p>
        ) : (
          <p>
            Build an Ollama model of your own from what Codelumi has learned
            {material
              ? `: ${plural(material.memories.length, 'memory')} and ${plural(material.examples.length, 'example answer')}`
              : ''}
            . It runs in your Ollama like any other model, in Codelumi and elsewhere.
          </p>
        )}
        <div className="mt-3 flex flex-wrap gap-2">
          <button
            type="button"
            onClick={() => setDialog('create')}
            disabled={!reachable}
            className="rounded-lg bg-accent px-4 py-2 text-sm font-medium text-accent-fg disabled:opacity-50"
          >
            Create my model
          </button>
          <button
            type="button"
            onClick={() => setDialog('adapter')}
            disabled={!reachable}
            className="rounded-lg border border-border bg-bg px-4 py-2 text-sm font-medium hover:bg-subtle disabled:opacity-50"
          >
            Add an adapter
          </button>
        </div>
      </div>
      {versions && versions.length > 0 && <ModelVersions rows={versions} onChanged={onChanged} />}
      <CreateModelDialog
        open={dialog === 'create'}
        models={models}
        onClose={() => setDialog(null)}
        onCreated={onChanged}
      />
      <AdapterDialog
        open={dialog === 'adapter'}
        models={models}
        ollamaVersion={ollamaVersion}
        onClose={() => setDialog(null)}
        onCreated={onChanged}
      />
    </section>
  );
}
