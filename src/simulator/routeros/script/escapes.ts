// The single-character escapes of a RouterOS quoted string (Scripting manual, "Constant escape sequences"):
// \" \\ \$ \? \_ (space) \n \r \t \a \b \f \v. \XX (a byte in capital hex) is read by each reader on its own.
// Shared by the script lexer and the /export reader, which quote strings the same way.
export const ROUTEROS_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  $: "$",
  "?": "?",
  _: " ",
  n: "\n",
  r: "\r",
  t: "\t",
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
};
