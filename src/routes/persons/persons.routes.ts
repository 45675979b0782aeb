import { errors } from '../../errors';
import { principalOf } from '../../middlewares/auth';
import type { AppContext } from '../../middlewares/state';
import { ANY_ROLE, definePolicy } from '../../policies/policy';
import { personsPolicy } from '../../policies/persons.policy';
import { mayReadCases } from '../../policies/registration.policy';
import { presentMe, presentPerson } from '../../presenters/persons.presenter';
import type { Payload } from '../../payloads/payloads';
import type { PersonFilters } from '../../services/persons/persons.service';
import { actorOf, bodyOf, queryFilters } from '../context';
import { readPageRequest, toPage } from '../pagination';
import type { RouteDeclaration } from '../route';

const tag = 'Persons';
const mePolicy = definePolicy('me', { read: ANY_ROLE });

/** `If-Match: "<revision>"` as a number, null when absent; 400 when it is not one this API sent. */
function ifMatchOf(ctx: AppContext): number | null {
  const header = ctx.get('If-Match');
  if (!header) return null;
  const m = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (!m) throw errors.badRequest('invalid-if-match', 'If-Match must be the ETag this API returned, such as "3".');
  return Number(m[1]);
}

/** Persons who sign in (admins; a provider's administrator for its own staff), and GET /v1/me for every caller. */
export const personRoutes: RouteDeclaration[] = [
  {
    method: 'get',
    path: '/v1/me',
    operationId: 'getMe',
    tag,
    summary: 'Who is calling: a person or a token, its role, scope and registration',
    allow: mePolicy.allow('read'),
    success: 200,
    returns: 'object',
    handler:
      ({ services, config }) =>
      (ctx) => {
        const p = principalOf(ctx);
        ctx.set('Cache-Control', 'no-store');
        // a session's anti-CSRF token goes with it: the app sends it back as X-CSRF-Token on changes
        ctx.body = presentMe(
          p,
          mayReadCases(p, config.requireRegistration),
          p.person ? services.signIn.csrfTokenOf(p.person.sessionId) : undefined,
        );
      },
  },
  {
    method: 'post',
    path: '/v1/persons',
    operationId: 'createPerson',
    tag,
    summary: 'Register a person (who then signs in through an identity provider)',
    allow: personsPolicy.allow('create'),
    body: { schema: 'person.v1.json' },
    idempotent: true,
    success: 201,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        const doc = await services.persons.create(bodyOf(ctx, 'person.v1.json'), actorOf(ctx));
        ctx.status = 201;
        ctx.set('Location', `/v1/persons/${doc._id}`);
        ctx.set('ETag', `"${doc.revision}"`);
        ctx.body = presentPerson(doc);
      },
  },
  {
    method: 'get',
    path: '/v1/persons',
    operationId: 'listPersons',
    tag,
    summary: 'List persons',
    allow: personsPolicy.allow('list'),
    query: 'person-query.v1.json',
    success: 200,
    returns: 'page',
    handler:
      ({ services }) =>
      async (ctx) => {
        const page = readPageRequest(ctx);
        const { active, ...given } = queryFilters<Payload<'person-query.v1.json'>>(ctx, [
          'role',
          'teamCode',
          'providerAgbCode',
          'active',
        ]);
        const filters: PersonFilters = active ? { ...given, active: active === 'true' } : given;
        const docs = await services.persons.list(filters, page.limit + 1, page.after, actorOf(ctx));
        ctx.body = toPage(docs, page, (d) => d._id, presentPerson);
      },
  },
  {
    method: 'get',
    path: '/v1/persons/{id}',
    operationId: 'getPerson',
    tag,
    summary: 'Read a person',
    allow: personsPolicy.allow('read'),
    success: 200,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        const doc = await services.persons.get(ctx.params.id ?? '', actorOf(ctx));
        ctx.set('ETag', `"${doc.revision}"`);
        ctx.body = presentPerson(doc);
      },
  },
  {
    method: 'patch',
    path: '/v1/persons/{id}',
    operationId: 'updatePerson',
    tag,
    summary: 'Change a person (If-Match: its ETag); deactivating ends its sessions at once',
    allow: personsPolicy.allow('update'),
    body: { schema: 'person-patch.v1.json' },
    success: 200,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        const patch = bodyOf(ctx, 'person-patch.v1.json');
        const doc = await services.persons.update(ctx.params.id ?? '', patch, ifMatchOf(ctx), actorOf(ctx));
        ctx.set('ETag', `"${doc.revision}"`);
        ctx.body = presentPerson(doc);
      },
  },
];
