import type { Token as TokenModel } from '../../domain/tokens.js';
import { builder } from '../builder.js';

export const Token = builder.objectRef<TokenModel>('Token').implement({
  description: 'A token the simulator trades. Inputs name tokens by symbol or by mint.',
  fields: (t) => ({
    symbol: t.exposeString('symbol'),
    name: t.exposeString('name'),
    mint: t.exposeString('mint', { description: 'Base58 mint address. SOL and WSOL share the WSOL mint.' }),
    decimals: t.exposeInt('decimals', { description: 'Atoms per whole token = 10^decimals.' }),
    native: t.exposeBoolean('native', {
      description: 'True for native SOL, which routes wrap into WSOL before the swap and unwrap after.',
    }),
  }),
});

builder.queryField('tokens', (t) =>
  t.field({
    type: [Token],
    description: 'Every token that can be quoted or traded: the built-in ones, then those pool launches added, as they appear.',
    resolve: (_root, _args, ctx) => ctx.service.listTokens(),
  }),
);
