/** The errors an archive's export or import gives the user: what is wrong with the file, in words. */
import { CodelumiError } from '../core/errors';

/** A file that cannot be imported (`invalid:import`); `message` says what is wrong and, where it helps, on which line. */
export function badArchive(message: string): CodelumiError {
  return new CodelumiError('invalid:import', message);
}

/** The user stopped the export or import (`aborted:user`); nothing was written. */
export function archiveCancelled(): CodelumiError {
  return new CodelumiError('aborted:user', 'Stopped. Nothing was changed.');
}
