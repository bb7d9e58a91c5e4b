import type { ReactNode } from 'react';
import { Link } from '@backstage/core-components';
import { safeHref } from '@atrium/api-client';

/**
 * A link to a URL from elsewhere (GitHub, the config) only when it is http(s), mailto or relative; otherwise its
 * text alone. Backstage's Link throws on a `javascript:` URL, which would break the whole widget.
 */
export function SafeLink({
  url,
  children,
}: {
  url?: string | null;
  children: ReactNode;
}) {
  const href = safeHref(url);
  return href ? <Link to={href}>{children}</Link> : <>{children}</>;
}
