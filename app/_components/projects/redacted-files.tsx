'use client';
/**
 * The project files whose secrets were replaced before indexing: how many,
 * which, and what kind of secret, so the user knows what the assistant sees
 * of them (the rest of each file is indexed as it is).
 */
import type { ProjectScanStats } from '@/lib/core/records';
import { describeKind, placeholderOf } from '@/lib/privacy/anonymize/secrets';
import { AlertIcon } from '../icons';

export function RedactedFiles({ redacted }: { redacted: NonNullable<ProjectScanStats['redacted']> }) {
  const { files, examples } = redacted;
  return (
    <details
      className="mt-2 rounded-lg border border-warn/40 bg-warn-soft px-3 py-2 text-xs"
      data-testid="redacted-files"
    >
      <summary className="cursor-pointer text-sm text-fg">
        <AlertIcon className="mr-1.5 inline h-4 w-4 align-[-3px] text-warn" />
        Secrets replaced in {files.toLocaleString('en')} file{files === 1 ? '' : 's'} before indexing
      </summary>
      <p className="mt-1.5 text-muted">
        Keys, tokens, passwords and private keys found in these files were replaced by placeholders such as{' '}
        <code className="font-mono">{placeholderOf('aws_key')}</code> in Codelumi&apos;s index, so they never reach a
        prompt. The files on disk are unchanged; the rest of each file is indexed as usual.
      </p>
      <ul className="mt-1.5 space-y-0.5">
        {examples.map(({ path, kinds }) => (
          <li key={path} data-redacted-path={path}>
            <span className="font-mono text-fg">{path}</span>
            <span className="text-muted">: {kinds.map(describeKind).join(', ')}</span>
          </li>
        ))}
        {files > examples.length && (
          <li className="text-muted">and {(files - examples.length).toLocaleString('en')} more</li>
        )}
      </ul>
    </details>
  );
}
