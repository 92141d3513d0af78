'use client';
/**
 * Each page's view is its own lazily loaded chunk, rendered only in the
 * browser (it reads IndexedDB and talks to Ollama), so the static HTML of
 * every route is the same light shell.
 */
import dynamic from 'next/dynamic';

function Loading() {
  return (
    <div className="flex flex-1 items-center justify-center">
      <p className="text-sm text-muted" role="status">
        Loading…
      </p>
    </div>
  );
}

export const ChatRoute = dynamic(() => import('./chat/chat-page'), { ssr: false, loading: Loading });
export const ModelsRoute = dynamic(() => import('./models/models-page'), { ssr: false, loading: Loading });
export const SettingsRoute = dynamic(() => import('./settings/settings-page'), { ssr: false, loading: Loading });
export const MemoryRoute = dynamic(() => import('./memory/memory-page'), { ssr: false, loading: Loading });
export const LearningRoute = dynamic(() => import('./learning/learning-page'), { ssr: false, loading: Loading });
export const ProjectsRoute = dynamic(() => import('./projects/projects-page'), { ssr: false, loading: Loading });
export const BuildRoute = dynamic(() => import('./build/build-page'), { ssr: false, loading: Loading });
export const ContributionsRoute = dynamic(() => import('./contributions/contributions-page'), {
  ssr: false,
  loading: Loading,
});
