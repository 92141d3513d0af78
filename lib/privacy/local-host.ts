/**
 * Whether an address is on this machine: what is sent to an Ollama elsewhere
 * (prompts, project files, memories) leaves the device, so Codelumi says so
 * and flags secrets in a message before it is sent there.
 */

/**
 * True for loopback and unspecified hosts (localhost, *.localhost,
 * 127.0.0.0/8, ::1, an IPv4-mapped 127.x, 0.0.0.0, ::); false for any other
 * host or an address that does not parse (not reachable either, so not
 * assumed to be here).
 */
export function isOnThisMachine(address: string): boolean {
  let host: string;
  try {
    host = new URL(address).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '[::1]' || host === '[::]' || host === '0.0.0.0') return true;
  // URL writes an IPv4-mapped address in hex ([::ffff:7f00:1]).
  if (/^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host)) return true;
  // URL normalises IPv4 forms (127.1, 0x7f.0.0.1) to dotted decimal.
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return !!v4 && v4[1] === '127';
}

/** "gpu-box.lan:11434" from an address, for the user to read; the address as typed when it does not parse. */
export function hostOf(address: string): string {
  try {
    return new URL(address).host;
  } catch {
    return address;
  }
}
