import { errors } from '../../errors';
import { experienceRatingsPolicy } from '../../policies/experience-ratings.policy';
import { reviewsPolicy } from '../../policies/reviews.policy';
import { presentExperienceRating, presentReview } from '../../presenters/kpis.presenter';
import { actorOf, bodyOf, queryParam } from '../context';
import { readPageRequest, rowsAfter, toPage } from '../pagination';
import type { RouteDeclaration } from '../route';

const tag = 'Contract management';

/** Contract management: reviews of providers with their improvement actions, and consultants' ratings. */
export const reviewRoutes: RouteDeclaration[] = [
  {
    method: 'post',
    path: '/v1/reviews',
    operationId: 'createReview',
    tag,
    summary: 'Record a talk with a provider: KPIs discussed, improvement actions, next talk',
    allow: reviewsPolicy.allow('create'),
    body: { schema: 'review.v1.json' },
    idempotent: true,
    success: 201,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        const doc = await services.reviews.create(actorOf(ctx), bodyOf(ctx, 'review.v1.json'));
        ctx.status = 201;
        ctx.set('Location', `/v1/reviews/${doc._id}`);
        ctx.body = presentReview(doc);
      },
  },
  {
    method: 'get',
    path: '/v1/reviews',
    operationId: 'listReviews',
    tag,
    summary: 'Reviews, newest first',
    allow: reviewsPolicy.allow('list'),
    query: 'review-query.v1.json',
    success: 200,
    returns: 'page',
    handler:
      ({ services }) =>
      async (ctx) => {
        const page = readPageRequest(ctx);
        const reviews = await services.reviews.list(actorOf(ctx), queryParam(ctx, 'providerAgbCode'));
        const key = (r: { date: string; _id: string }) => `${r.date}|${r._id}`;
        ctx.body = toPage(rowsAfter(reviews, page, key), page, key, presentReview);
      },
  },
  {
    method: 'get',
    path: '/v1/reviews/{id}',
    operationId: 'getReview',
    tag,
    summary: 'One review',
    allow: reviewsPolicy.allow('read'),
    success: 200,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        ctx.body = presentReview(await services.reviews.get(ctx.params.id ?? ''));
      },
  },
  {
    method: 'post',
    path: '/v1/reviews/{id}/actions/{n}/complete',
    operationId: 'completeReviewAction',
    tag,
    summary: 'Mark an agreed improvement action done (its overdue flag resolves)',
    allow: reviewsPolicy.allow('completeAction'),
    success: 200,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        const n = Number(ctx.params.n);
        if (!Number.isInteger(n) || n < 1) throw errors.notFound('No such review action.');
        ctx.body = presentReview(await services.reviews.completeAction(actorOf(ctx), ctx.params.id ?? '', n));
      },
  },
  {
    method: 'post',
    path: '/v1/experience-ratings',
    operationId: 'rateProvider',
    tag,
    summary: "A consultant's quarterly rating of a provider the team works with",
    allow: experienceRatingsPolicy.allow('rate'),
    body: { schema: 'experience-rating.v1.json' },
    idempotent: true,
    success: 201,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        const doc = await services.experienceRatings.rate(actorOf(ctx), bodyOf(ctx, 'experience-rating.v1.json'));
        ctx.status = 201;
        ctx.body = presentExperienceRating(doc);
      },
  },
];
