/** Keeps Telegram bot tokens (and other known secrets) out of everything the guard prints. */

/**
 * Pass 1: a token inside a Bot API URL path, `/bot<id>:<secret>/…` (also `%3A`-encoded). Everything up to the next
 * path, query or quote boundary is the secret, so a token of unexpected length or alphabet is still caught.
 */
const URL_TOKEN = /(\/bot)(\d{1,20})(?::|%3[Aa])[^/\s"'`?&#<>()[\]{},;\\]+/g;

/**
 * Pass 2: a bare token anywhere, `<bot id>:<30+ of [A-Za-z0-9_-]>`. The id must not continue a longer number, and
 * at least 5 digits keeps image digests (`sha256:…`) and clock times (`12:34:56`) out.
 */
const BARE_TOKEN = /(?<![0-9])(\d{5,16})(?::|%3[Aa])[A-Za-z0-9_-]{30,}/g;

export const REDACTED = '<redacted>';

/** Replaces bot tokens with `<id>:<redacted>`, in URLs, JSON dumps and `%3A`-encoded forms; idempotent. */
export function redactSecrets(text: string): string {
  return text.replace(URL_TOKEN, `$1$2:${REDACTED}`).replace(BARE_TOKEN, `$1:${REDACTED}`);
}

/** Mask for literal secrets, as GitHub prints masked values. */
export const MASK = '***';

/**
 * A redactor that first masks the given literal secrets (e.g. a kubeconfig's bearer token, also URI-encoded), then
 * applies redactSecrets. Blank secrets are ignored: masking "" would mangle every line.
 */
export function createRedactor(extraSecrets: string[]): (text: string) => string {
  const literals = new Set<string>();
  for (const secret of extraSecrets) {
    for (const value of [secret, secret.trim()]) {
      if (value.trim() === '') continue;
      literals.add(value);
      const encoded = encodeURIComponent(value);
      if (encoded !== value) literals.add(encoded);
    }
  }
  // Longest first, so a secret that contains another is masked whole.
  const ordered = [...literals].sort((a, b) => b.length - a.length);
  return (text: string) => {
    let out = text;
    for (const literal of ordered) {
      if (out.includes(literal)) out = out.split(literal).join(MASK);
    }
    return redactSecrets(out);
  };
}
