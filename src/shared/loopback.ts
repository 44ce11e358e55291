/**
 * Whether only this computer can reach an address or a URL's host name: `localhost`, `::1`
 * (bracketed or not) or any of 127.0.0.0/8.
 */
export function isLoopbackAddress(address: string): boolean {
  const a = address.trim().toLowerCase();
  return a === 'localhost' || a === '::1' || a === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(a);
}
