/**
 * The pull request reviews part of Atrium's GraphQL gateway: `Viewer.reviews`, the viewer's pull requests on
 * GitHub (awaiting their review, their own open ones), from plugins/reviews-backend.
 *
 * @packageDocumentation
 */
export { graphqlModuleReviews as default } from './module';
export {
  REVIEWS_MAX_AGE_SECONDS,
  reviewsSchema,
  ReviewsUnavailableError,
  type ReviewsSource,
} from './schema';
