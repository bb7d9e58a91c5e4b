/**
 * Atrium reviews for other backend plugins (the GraphQL gateway's `Viewer.reviews`): a service that reads the
 * viewer's pull requests with their own credentials.
 *
 * @packageDocumentation
 */
export {
  reviewsServiceRef,
  HttpReviewsService,
  type ReviewsService,
} from './service';
