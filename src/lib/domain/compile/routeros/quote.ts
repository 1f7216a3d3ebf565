// RouterOS script quoting. Inside a double-quoted string RouterOS treats \ " $ ? and control characters specially
// ($ starts a variable, ? asks for help on the console), so each is escaped; bytes outside printable ASCII are
// written as \XX hex of their UTF-8 encoding, the way /export writes them.

const SIMPLE: Record<string, string> = { "\\": "\\\\", '"': '\\"', $: "\\$", "?": "\\?", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** `value` as a RouterOS double-quoted string literal. */
export function quoteRouterOs(value: string): string {
  let out = '"';
  for (const char of value) {
    const simple = SIMPLE[char];
    if (simple !== undefined) out += simple;
    else if (char >= " " && char <= "~") out += char;
    else for (const byte of new TextEncoder().encode(char)) out += `\\${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return `${out}"`;
}

// Words RouterOS reads literally without quotes: addresses, names, enum values, "!local", "both-addresses:4/0".
const BARE = /^!?[A-Za-z0-9._:/,%-]+$/;

/** A property value as written after `name=`: bare when it is a plain word, quoted otherwise. */
export function renderValue(value: string): string {
  return BARE.test(value) ? value : quoteRouterOs(value);
}
