/**
 * Why a file cannot be imported, in words for the user. Thrown before
 * anything is written, so a refused file changes nothing.
 */
import { CodelumiError } from '../core/errors';

/** The `invalid:import` error for a file that is not an export Codelumi reads, or a damaged one; the message says which and what to do. */
export function invalidImport(message: string): CodelumiError {
  return new CodelumiError('invalid:import', message);
}
