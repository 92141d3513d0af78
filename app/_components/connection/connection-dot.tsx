'use client';
import { useConnection } from '../../_hooks/use-connection';

const LABELS = {
  ready: ['Ollama connected', 'bg-ok'],
  'no-models': ['Ollama has no models', 'bg-warn'],
  unreachable: ['Ollama not running', 'bg-danger'],
  blocked: ['Ollama blocks this page', 'bg-danger'],
  'not-ollama': ['Not an Ollama server', 'bg-danger'],
} as const;

/** A small status light for the Ollama connection, with its meaning as text for screen readers. */
export function ConnectionDot({ className = '' }: { className?: string }) {
  const { data, isPending } = useConnection();
  const [label, color] = isPending || !data ? ['Checking Ollama…', 'bg-muted'] : LABELS[data.status];
  return (
    <span className={`inline-flex items-center ${className}`} title={label}>
      <span className={`h-2 w-2 rounded-full ${color}`} aria-hidden="true" />
      <span className="sr-only">{label}</span>
    </span>
  );
}
