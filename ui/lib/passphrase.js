// A plain-language hint while a passphrase is typed. Advisory only: the
// core enforces its minimum (ctx.info.limits.passphrase_min_chars, passed in
// as minChars) when the passphrase is set.
export function strength(passphrase, minChars) {
  const chars = [...passphrase.normalize('NFC')].length;
  if (chars === 0) return 'empty';
  if (chars < minChars) return 'tooShort';
  const words = passphrase.trim().split(/\s+/).length;
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[\u0080-\u{10FFFF}]/u, /[^\w\s\x80-\uffff]/]
    .filter((re) => re.test(passphrase)).length;
  if (chars >= 20 || (chars >= 14 && (words >= 3 || kinds >= 3))) return 'strong';
  if (chars >= 12 || kinds >= 3) return 'good';
  return 'fair';
}
