'use client';
/**
 * Chooses the project a conversation (or the next new chat) belongs to;
 * hidden until a project exists. A native select laid over a compact face:
 * the folder icon alone on a phone, the project's name beside it on wider
 * screens.
 */
import { useProjects } from '../../_hooks/use-projects';
import { ChevronDownIcon, FolderIcon } from '../icons';

export function ProjectPicker({ value, onChange }: { value: string; onChange: (projectId: string) => void }) {
  const projects = useProjects();
  if (!projects || (projects.length === 0 && !value)) return null;
  const current = projects.find((p) => p.id === value);
  return (
    <label
      className={`relative flex shrink-0 items-center gap-1 rounded-md border px-1.5 py-1 text-xs focus-within:outline focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-accent ${
        current ? 'border-accent bg-accent-soft text-accent-text' : 'border-border text-muted hover:bg-subtle'
      }`}
      title={current ? `Project: ${current.name}` : 'No project'}
    >
      <FolderIcon className="h-3.5 w-3.5 shrink-0" />
      <span className="hidden max-w-[10rem] truncate sm:inline" aria-hidden="true">
        {current ? current.name : 'No project'}
      </span>
      <ChevronDownIcon className="h-3 w-3 shrink-0" />
      <select
        id="project-picker"
        value={current ? value : ''}
        onChange={(e) => onChange(e.target.value)}
        className="absolute inset-0 h-full w-full cursor-pointer opacity-0"
        aria-label="Project for this chat"
      >
        <option value="">No project</option>
        {projects.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}
