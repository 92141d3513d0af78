'use client';
/**
 * A button that uploads a whole folder (`<input type="file" webkitdirectory>`):
 * the label is the button, the input stays focusable for the keyboard.
 */
import type { UploadedFile } from '@/lib/projects/sources/upload';

/** Not in React's types, but passed through to the DOM as attributes. */
const FOLDER_ATTRIBUTES = { webkitdirectory: '', directory: '' } as Record<string, string>;

export function FolderInput({
  label,
  onFiles,
  className,
  children,
  disabled,
}: {
  /** The accessible name of the input. */
  label: string;
  onFiles: (files: UploadedFile[]) => void;
  className: string;
  children: React.ReactNode;
  disabled?: boolean;
}) {
  return (
    <label
      className={`${className} cursor-pointer focus-within:outline focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-accent ${disabled ? 'pointer-events-none opacity-50' : ''}`}
    >
      {children}
      <input
        type="file"
        multiple
        {...FOLDER_ATTRIBUTES}
        aria-label={label}
        disabled={disabled}
        className="sr-only"
        onChange={(e) => {
          const files = e.target.files ? Array.from(e.target.files) : [];
          // Cleared, so choosing the same folder again (a re-scan) fires a change.
          e.target.value = '';
          if (files.length) onFiles(files);
        }}
      />
    </label>
  );
}
