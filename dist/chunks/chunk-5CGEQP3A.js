import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);

// src/core/redact.ts
var URL_TOKEN = /(\/bot)(\d{1,20})(?::|%3[Aa])[^/\s"'`?&#<>()[\]{},;\\]+/g;
var BARE_TOKEN = /(?<![0-9])(\d{5,16})(?::|%3[Aa])[A-Za-z0-9_-]{30,}/g;
var REDACTED = "<redacted>";
function redactSecrets(text) {
  return text.replace(URL_TOKEN, `$1$2:${REDACTED}`).replace(BARE_TOKEN, `$1:${REDACTED}`);
}
var MASK = "***";
function createRedactor(extraSecrets) {
  const literals = /* @__PURE__ */ new Set();
  for (const secret of extraSecrets) {
    for (const value of [secret, secret.trim()]) {
      if (value.trim() === "") continue;
      literals.add(value);
      const encoded = encodeURIComponent(value);
      if (encoded !== value) literals.add(encoded);
    }
  }
  const ordered = [...literals].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const literal of ordered) {
      if (out.includes(literal)) out = out.split(literal).join(MASK);
    }
    return redactSecrets(out);
  };
}

export {
  redactSecrets,
  createRedactor
};
