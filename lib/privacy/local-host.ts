/**
 * Whether an address is on this machine: what is sent to an Ollama elsewhere
 * (prompts, project files, memories) leaves the device, so Codelumi says so.
 */

/** True for localhost (and *.localhost), 127.0.0.0/8 and ::1; false for any other host or an address that does not parse. */
export function isOnThisMachine(address: string): boolean {
  let host: string;
  try {
    host = new URL(address).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '[::1]') return true;
  // URL normalises IPv4 forms (127.1, 0x7f.0.0.1) to dotted decimal.
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return !!v4 && v4[1] === '127';
}
