/** A new random id (UUID v4) for records. */
export function newId(): string {
  return globalThis.crypto.randomUUID();
}
