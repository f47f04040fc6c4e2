import type { KeyView } from '../../services/auth.js';
import { builder } from '../builder.js';
import { DateTime } from './scalars.js';

export const Scope = builder.enumType('Scope', {
  description: 'What a key may do: read (its orders and their updates), trade (submit orders), admin (manage keys, launch pools).',
  values: { READ: { value: 'read' }, TRADE: { value: 'trade' }, ADMIN: { value: 'admin' } } as const,
});

const Account = builder.objectRef<{ readonly id: string; readonly name: string }>('Account').implement({
  description: 'Who orders belong to. Keys act for their account; each account sees only its own orders.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
  }),
});

export const ApiKey = builder.objectRef<KeyView>('ApiKey').implement({
  description: 'An API key. Its secret is shown once, when it is created, and stored only as a hash.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'The public start of the key, e.g. "oee_ab12cd34".' }),
    account: t.field({ type: Account, resolve: (k) => ({ id: k.accountId, name: k.accountName }) }),
    scopes: t.field({ type: [Scope], resolve: (k) => [...k.scopes] }),
    createdAt: t.field({ type: DateTime, resolve: (k) => k.createdAt }),
    lastUsedAt: t.field({ type: DateTime, nullable: true, resolve: (k) => k.lastUsedAt ?? null }),
    revokedAt: t.field({ type: DateTime, nullable: true, resolve: (k) => k.revokedAt ?? null }),
  }),
});

const CreatedApiKey = builder.objectRef<{ readonly key: string; readonly view: KeyView }>('CreatedApiKey').implement({
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The whole key. Shown this once: store it now.' }),
    apiKey: t.field({ type: ApiKey, resolve: (c) => c.view }),
  }),
});

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: '1-64 characters of A-Z a-z 0-9 _ . : -; unique.' }),
    scopes: t.field({ type: [Scope], required: true }),
    account: t.string({ description: 'The account the key acts for (created when new); default: the key name.' }),
  }),
});

const Viewer = builder.objectRef<KeyView>('Viewer').implement({
  description: 'The key this request presented, and its account.',
  fields: (t) => ({
    account: t.field({ type: Account, resolve: (k) => ({ id: k.accountId, name: k.accountName }) }),
    key: t.field({ type: ApiKey, resolve: (k) => k }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: Viewer,
    nullable: true,
    description: 'Who is calling: null without a key.',
    resolve: (_root, _args, ctx) => {
      const p = ctx.principal;
      if (!p) return null;
      return {
        id: p.keyId,
        name: p.keyName,
        prefix: p.keyPrefix,
        accountId: p.accountId,
        accountName: p.accountName,
        scopes: [...p.scopes],
        createdAt: 0,
        lastUsedAt: undefined,
        revokedAt: undefined,
      };
    },
  }),
);

builder.queryField('apiKeys', (t) =>
  t.field({ type: [ApiKey], authScopes: { admin: true }, description: 'Every key, oldest first.', resolve: (_root, _args, ctx) => ctx.auth.listKeys() }),
);

builder.mutationField('createApiKey', (t) =>
  t.field({
    type: CreatedApiKey,
    authScopes: { admin: true },
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.auth.createKey({ name: input.name, scopes: input.scopes, account: input.account ?? undefined }),
  }),
);

builder.mutationField('revokeApiKey', (t) =>
  t.field({
    type: ApiKey,
    authScopes: { admin: true },
    description: 'Revokes a key by name or id; every API process stops honouring it within a second, and its open subscriptions end.',
    args: { nameOrId: t.arg.string({ required: true }) },
    resolve: (_root, { nameOrId }, ctx) => ctx.auth.revokeKey(nameOrId),
  }),
);
