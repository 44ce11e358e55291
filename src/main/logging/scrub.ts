/**
 * Blanks what looks like a credential in free text (a log line, an address): a password in a
 * URL, a secret-named query parameter, a bearer token, a webhook secret (`whsec_…`) or an API
 * token (`arch_…`). A second line of defence: code should not log secrets, and the logger also
 * blanks secret-named fields, but a message may still quote an address someone typed.
 */
export function scrubSecrets(text: string): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@:"']*:[^\s/?#@"']*@/gi, '$1[redacted]@')
    .replace(
      /([?&](?:[a-z0-9_.-]*(?:token|secret|password|passwd|pwd|apikey|api_key|api-key|signature|sig)|key|code|session)=)[^&#\s"']+/gi,
      '$1[redacted]',
    )
    .replace(/\bBearer\s+[A-Za-z0-9._~+/=-]+/g, 'Bearer [redacted]')
    .replace(/\bwhsec_[A-Za-z0-9+/=_-]+/g, 'whsec_[redacted]')
    .replace(/\barch_[A-Za-z0-9_-]{8,}/g, 'arch_[redacted]');
}
