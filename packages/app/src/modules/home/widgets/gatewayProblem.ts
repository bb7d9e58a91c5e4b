import { CombinedGraphQLErrors } from '@apollo/client/errors';

/**
 * What to say when the gateway could not answer a widget's query: the gateway's own message when it has one
 * (e.g. Alertmanager at its URL is unreachable, GitHub's rate limit), with until when to wait where it says so
 * (`extensions.resetAt`); otherwise the error's message (the network's).
 */
export function gatewayProblem(error: Error): {
  message: string;
  resetAt?: string;
} {
  if (CombinedGraphQLErrors.is(error) && error.errors.length > 0) {
    const first = error.errors[0];
    const resetAt = first.extensions?.resetAt;
    return {
      message: first.message,
      resetAt: typeof resetAt === 'string' ? resetAt : undefined,
    };
  }
  return { message: error.message };
}
