import { registryPolicy } from '../../policies/registry.policy';
import { presentContract, presentProvider, presentTeam } from '../../presenters/registry.presenter';
import { bodyOf, queryParam } from '../context';
import { readPageRequest, toPage } from '../pagination';
import type { RouteDeclaration } from '../route';

const tag = 'Registry';

/** The registry: providers, consultant teams and contracts (admins keep it; contract managers read it). */
export const registryRoutes: RouteDeclaration[] = [
  {
    method: 'post',
    path: '/v1/providers',
    operationId: 'createProvider',
    tag,
    summary: 'Register a provider',
    allow: registryPolicy.allow('createProvider'),
    body: { schema: 'provider.v1.json' },
    idempotent: true,
    success: 201,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        const { doc, webhookSecret } = await services.registry.createProvider(bodyOf(ctx, 'provider.v1.json'));
        ctx.status = 201;
        ctx.set('Location', `/v1/providers/${doc._id}`);
        ctx.body = webhookSecret ? { ...presentProvider(doc), webhookSecret } : presentProvider(doc);
      },
  },
  {
    method: 'get',
    path: '/v1/providers',
    operationId: 'listProviders',
    tag,
    summary: 'List providers',
    allow: registryPolicy.allow('listProviders'),
    success: 200,
    returns: 'page',
    handler:
      ({ services }) =>
      async (ctx) => {
        const page = readPageRequest(ctx);
        const docs = await services.registry.dangerousPageAllProviders(page.limit + 1, page.after);
        ctx.body = toPage(docs, page, (d) => d._id, presentProvider);
      },
  },
  {
    method: 'get',
    path: '/v1/providers/{agbCode}',
    operationId: 'getProvider',
    tag,
    summary: 'One provider',
    allow: registryPolicy.allow('readProvider'),
    success: 200,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        ctx.body = presentProvider(await services.registry.getProvider(ctx.params.agbCode ?? ''));
      },
  },
  {
    method: 'post',
    path: '/v1/teams',
    operationId: 'createTeam',
    tag,
    summary: 'Register a consultant team',
    allow: registryPolicy.allow('createTeam'),
    body: { schema: 'team.v1.json' },
    idempotent: true,
    success: 201,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        const doc = await services.registry.createTeam(bodyOf(ctx, 'team.v1.json'));
        ctx.status = 201;
        ctx.set('Location', `/v1/teams/${doc._id}`);
        ctx.body = presentTeam(doc);
      },
  },
  {
    method: 'get',
    path: '/v1/teams',
    operationId: 'listTeams',
    tag,
    summary: 'List teams',
    allow: registryPolicy.allow('listTeams'),
    success: 200,
    returns: 'page',
    handler:
      ({ services }) =>
      async (ctx) => {
        const page = readPageRequest(ctx);
        const docs = await services.registry.dangerousPageAllTeams(page.limit + 1, page.after);
        ctx.body = toPage(docs, page, (d) => d._id, presentTeam);
      },
  },
  {
    method: 'post',
    path: '/v1/contracts',
    operationId: 'createContract',
    tag,
    summary: 'Register a contract',
    allow: registryPolicy.allow('createContract'),
    body: { schema: 'contract.v1.json' },
    idempotent: true,
    success: 201,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        const doc = await services.registry.createContract(bodyOf(ctx, 'contract.v1.json'));
        ctx.status = 201;
        ctx.set('Location', `/v1/contracts/${encodeURIComponent(doc._id)}`);
        ctx.body = presentContract(doc);
      },
  },
  {
    method: 'get',
    path: '/v1/contracts',
    operationId: 'listContracts',
    tag,
    summary: 'List contracts',
    allow: registryPolicy.allow('listContracts'),
    query: 'contract-query.v1.json',
    success: 200,
    returns: 'page',
    handler:
      ({ services }) =>
      async (ctx) => {
        const page = readPageRequest(ctx);
        const provider = queryParam(ctx, 'providerAgbCode');
        const docs = await services.registry.pageContracts(provider, page.limit + 1, page.after);
        ctx.body = toPage(docs, page, (d) => d._id, presentContract);
      },
  },
  {
    method: 'get',
    path: '/v1/contracts/{contractNumber}',
    operationId: 'getContract',
    tag,
    summary: 'One contract',
    allow: registryPolicy.allow('readContract'),
    success: 200,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        ctx.body = presentContract(await services.registry.getContract(ctx.params.contractNumber ?? ''));
      },
  },
];
