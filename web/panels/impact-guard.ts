/**
 * The price-impact guard. A market order whose own size moves the price by 5% or more is almost
 * always a mistake (a digit too many, the wrong pair), but can be deliberate, so it is not blocked:
 * the ticket shows a warning with the impact and asks for one explicit tick before submitting —
 * what a trader knows from Jupiter's and Uniswap's "swap anyway". A tick rather than a disabled
 * button, because a disabled button can neither take focus nor say why it is disabled.
 *
 * The tick covers one order: it resets after a submit, when any input changes, and when the impact
 * grows by another percentage point after it was given (the market moved against the trader).
 */
import { byId, setText } from '../dom.js';
import { bpsAsPercent, formatBps } from '../format.js';

/** 5%: the impact from which the ticket asks for confirmation. */
export const HIGH_IMPACT_BPS = 500;
/** Growth of the impact after confirmation that asks again. */
const REARM_BPS = 100;

export interface ImpactGuard {
  /** The quote now shown for the inputs `key` (undefined: none, or outdated). */
  update(key: string | undefined, impactBps: number | undefined): void;
  /** Whether an order for `key` at `impactBps` may go; if not, says why and moves focus to the tick. */
  allows(key: string, impactBps: number): boolean;
  /** After a submit: the next order needs its own confirmation. */
  reset(): void;
}

export function mountImpactGuard(): ImpactGuard {
  const box = byId('impact-warning');
  const text = byId('impact-text');
  const ack = byId<HTMLInputElement>('impact-ack');
  const error = byId('err-impact');
  let shownKey: string | undefined;
  let acknowledged: number | undefined; // the impact the trader accepted
  let currentImpact = 0;

  function clearAck(): void {
    acknowledged = undefined;
    ack.checked = false;
  }

  ack.addEventListener('change', () => {
    acknowledged = ack.checked ? currentImpact : undefined;
    if (ack.checked) setText(error, '');
  });

  return {
    update(key, impactBps) {
      if (key !== shownKey) {
        shownKey = key;
        clearAck();
        setText(error, '');
      }
      const high = impactBps !== undefined && impactBps >= HIGH_IMPACT_BPS;
      box.hidden = !high;
      if (!high) {
        clearAck();
        return;
      }
      currentImpact = impactBps;
      if (acknowledged !== undefined && impactBps > acknowledged + REARM_BPS) clearAck();
      setText(text, `High price impact: ${bpsAsPercent(impactBps)} (${formatBps(impactBps)}). This order alone moves the price that much against you; smaller orders over time usually cost less.`);
    },
    allows(key, impactBps) {
      if (impactBps < HIGH_IMPACT_BPS) return true;
      if (key === shownKey && acknowledged !== undefined && impactBps <= acknowledged + REARM_BPS) return true;
      box.hidden = false;
      setText(error, 'Not submitted: tick the box to accept this price impact, or reduce the amount.');
      ack.focus();
      return false;
    },
    reset() {
      clearAck();
      setText(error, '');
    },
  };
}
