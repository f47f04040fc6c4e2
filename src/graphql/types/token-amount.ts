import type { Token as TokenModel } from '../../domain/tokens.js';
import { builder } from '../builder.js';
import { tokenAmount } from '../format.js';
import type { TokenIndex } from '../context.js';
import { Token } from './token.js';

export interface TokenAmountModel {
  readonly token: TokenModel;
  readonly atoms: bigint;
}

export const TokenAmount = builder.objectRef<TokenAmountModel>('TokenAmount').implement({
  description: 'An amount of one token, e.g. a fee.',
  fields: (t) => ({
    token: t.field({ type: Token, resolve: (a) => a.token }),
    amount: t.string({ description: 'Decimal string in whole-token units.', resolve: (a) => tokenAmount(a.atoms, a.token) }),
  }),
});

/**
 * Per-mint atoms (fees are kept per mint inside) to TokenAmounts. A mint the index does not know is
 * a broken invariant, not a client problem: it throws and the error is masked and logged.
 */
export function tokenAmountsByMint(
  entries: Iterable<{ readonly mint: string; readonly amount: bigint }>,
  tokens: TokenIndex,
): TokenAmountModel[] {
  const out: TokenAmountModel[] = [];
  for (const { mint, amount } of entries) out.push({ token: tokenByMint(tokens, mint), atoms: amount });
  return out;
}

export function tokenByMint(tokens: TokenIndex, mint: string): TokenModel {
  const token = tokens.byMint(mint);
  if (token === undefined) throw new Error(`no token with mint ${mint}`);
  return token;
}
