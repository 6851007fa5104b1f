/**
 * True when `code` is a GS1 barcode the products subgraph accepts: 8, 12, 13 or 14 digits whose
 * last digit is the mod-10 check digit (weights 3 and 1 from the right, the check digit excluded).
 */
export function isValidGs1(code: string): boolean {
  if (!/^(\d{8}|\d{12,14})$/.test(code)) return false;
  return gs1CheckDigit(code.slice(0, -1)) === Number(code[code.length - 1]);
}

/** The GS1 check digit of `body` (the code without its last digit). */
export function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = Number(body[body.length - 1 - i]);
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * Records in a CSV file's bytes (quoted newlines stay inside their record; blank lines are not
 * records), counted on bytes so GBK files count the same as UTF-8 ones (0x0A and 0x22 are ASCII in both).
 */
export function csvRecordCount(bytes: Uint8Array): number {
  let records = 0;
  let quoted = false;
  let filled = false;
  for (const b of bytes) {
    if (b === 0x22) quoted = !quoted;
    if (b === 0x0a && !quoted) {
      if (filled) records++;
      filled = false;
    } else if (b !== 0x0d && b !== 0x20) filled = true;
  }
  return filled ? records + 1 : records;
}
