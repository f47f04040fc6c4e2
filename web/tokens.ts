/**
 * Token names as the trader sees them. Pools only hold WSOL, so the API reports fees and legs of a
 * SOL order in WSOL; but a trader who sold SOL paid in SOL (the route wraps it around the swap), and
 * showing "WSOL" there reads as a token they never held. Same mint + native wallet token = SOL.
 */
import type { TokenInfo } from './model.js';

export class TokenBook {
  private bySymbol = new Map<string, TokenInfo>();

  set(tokens: readonly TokenInfo[]): void {
    this.bySymbol = new Map(tokens.map((t) => [t.symbol, t]));
  }

  /**
   * `symbol` as the trader of a `tokenIn` → `tokenOut` order knows it: when it is the wrapped form
   * of the native token the trader sold or bought, that native token's symbol.
   */
  label(symbol: string, tokenIn: string, tokenOut: string): string {
    const t = this.bySymbol.get(symbol);
    if (t === undefined || t.native) return symbol;
    for (const side of [tokenIn, tokenOut]) {
      const s = this.bySymbol.get(side);
      if (s !== undefined && s.native && s.mint === t.mint) return s.symbol;
    }
    return symbol;
  }
}
