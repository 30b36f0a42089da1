/**
 * A small real parser for the subset of Xero's `where` filter the emulator supports:
 * `Field == "value"`, `Field != "value"`, `Field == true|false|number`, combined with `AND`/`&&` and `OR`/`||`
 * (AND binds tighter), and parentheses. Anything else is a 400 ValidationException, as Xero answers.
 * @module
 */

type Token = { kind: 'ident' | 'string' | 'number' | 'bool' | 'op' | 'and' | 'or' | 'lparen' | 'rparen'; value: string };

/** A compiled predicate over raw Xero records. */
export type WherePredicate = (record: Record<string, unknown>) => boolean;

/** Thrown for expressions outside the supported subset. */
export class WhereSyntaxError extends Error {}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'lparen' : 'rparen', value: c });
      i++;
      continue;
    }
    if (src.startsWith('==', i) || src.startsWith('!=', i)) {
      tokens.push({ kind: 'op', value: src.slice(i, i + 2) });
      i += 2;
      continue;
    }
    if (src.startsWith('&&', i) || src.startsWith('||', i)) {
      tokens.push({ kind: src[i] === '&' ? 'and' : 'or', value: src.slice(i, i + 2) });
      i += 2;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        s += src[j];
        j++;
      }
      if (j >= src.length) throw new WhereSyntaxError('unterminated string');
      tokens.push({ kind: 'string', value: s });
      i = j + 1;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_.]*|^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (!m) throw new WhereSyntaxError(`unexpected character ${JSON.stringify(c)}`);
    const word = m[0];
    const upper = word.toUpperCase();
    if (/^-?\d/.test(word)) tokens.push({ kind: 'number', value: word });
    else if (upper === 'AND') tokens.push({ kind: 'and', value: word });
    else if (upper === 'OR') tokens.push({ kind: 'or', value: word });
    else if (upper === 'TRUE' || upper === 'FALSE') tokens.push({ kind: 'bool', value: upper.toLowerCase() });
    else tokens.push({ kind: 'ident', value: word });
    i += word.length;
  }
  return tokens;
}

/** Compiles a `where` expression. @throws {WhereSyntaxError} */
export function compileWhere(src: string): WherePredicate {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (kind: Token['kind']) => {
    const t = tokens[pos];
    if (!t || t.kind !== kind) throw new WhereSyntaxError(`expected ${kind} at token ${pos + 1}`);
    pos++;
    return t;
  };
  const comparison = (): WherePredicate => {
    if (peek()?.kind === 'lparen') {
      take('lparen');
      const inner = orExpr();
      take('rparen');
      return inner;
    }
    const field = take('ident').value;
    const op = take('op').value;
    const lit = tokens[pos++];
    if (!lit || !['string', 'number', 'bool'].includes(lit.kind)) throw new WhereSyntaxError('expected a literal');
    const expected: unknown = lit.kind === 'string' ? lit.value : lit.kind === 'number' ? Number(lit.value) : lit.value === 'true';
    // Compiled once per request, run once per record: the path is split and the literal lower-cased here, not per record.
    const path = field.split('.');
    const expectedLower = typeof expected === 'string' ? expected.toLowerCase() : undefined;
    const negate = op === '!=';
    return (r) => {
      let actual: unknown = r;
      for (const k of path) actual = actual && typeof actual === 'object' ? (actual as Record<string, unknown>)[k] : undefined;
      const equal =
        expectedLower !== undefined && typeof actual === 'string'
          ? actual === expected || actual.toLowerCase() === expectedLower
          : actual === expected;
      return negate ? !equal : equal;
    };
  };
  const andExpr = (): WherePredicate => {
    let left = comparison();
    while (peek()?.kind === 'and') {
      pos++;
      const l = left;
      const r = comparison();
      left = (x) => l(x) && r(x);
    }
    return left;
  };
  const orExpr = (): WherePredicate => {
    let left = andExpr();
    while (peek()?.kind === 'or') {
      pos++;
      const l = left;
      const r = andExpr();
      left = (x) => l(x) || r(x);
    }
    return left;
  };
  const predicate = orExpr();
  if (pos !== tokens.length) throw new WhereSyntaxError(`unexpected ${tokens[pos]!.value}`);
  return predicate;
}
