/* createElement rather than JSX: see EntityOverview.ts. */
import { createElement as h } from 'react';
import type { HomeData } from '../queries';
import {
  displayName,
  EntityLink,
  viewList,
  type ViewLinkBehaviour,
} from './EntityOverview';
import { VIEW_CSS } from './styles';

type ComputeBrief = HomeData['viewer']['owned']['items'][number]['compute'];

/** A service's workloads at a glance: healthy, or how many replicas are ready; nothing without workloads. */
function HealthAtAGlance(props: { compute?: ComputeBrief }) {
  const c = props.compute;
  if (!c || c.apps === 0) return null;
  return h(
    'span',
    {
      className: c.healthy ? 'atr-ok' : 'atr-warn',
      'data-health': c.healthy ? 'healthy' : 'degraded',
    },
    healthText(c),
  );
}

function healthText(c: NonNullable<ComputeBrief>): string {
  if (c.healthy) return ' · ● healthy';
  if (c.readyReplicas < c.desiredReplicas) {
    return ` · ▲ ${c.readyReplicas}/${c.desiredReplicas} ready`;
  }
  // All replicas ready, yet not healthy: a rollout under way, a failed App or a cluster that did not answer.
  return ' · ▲ needs a look';
}

/** Home's personal part: greeting, my teams, my services (with their health). Pure, like EntityOverview. */
export function HomeOverview(props: { data: HomeData } & ViewLinkBehaviour) {
  const { data, ...links } = props;
  const { viewer } = data;
  const name = viewer.user ? displayName(viewer.user) : viewer.userRef;
  return h(
    'div',
    { className: 'atr-page', 'data-testid': 'atrium-home-overview' },
    h('style', null, VIEW_CSS),
    h(
      'header',
      { className: 'atr-head' },
      h('div', { className: 'atr-eyebrow' }, 'Atrium'),
      h('h1', null, `Welcome, ${name}`),
      h(
        'p',
        null,
        `${viewer.owned.totalItems} service${
          viewer.owned.totalItems === 1 ? '' : 's'
        } owned by you and your teams`,
      ),
    ),
    h(
      'div',
      { className: 'atr-grid' },
      h(
        'article',
        { className: 'atr-card', 'aria-label': 'My services' },
        h('h2', null, 'My services'),
        viewList(
          viewer.owned.items,
          item => item.id,
          item => [
            h(EntityLink, { entity: item, ...links }),
            h(HealthAtAGlance, { compute: item.compute }),
            h(
              'span',
              { className: 'atr-muted' },
              ' · ',
              [item.type, item.lifecycle].filter(Boolean).join(', '),
              item.owner ? ` · ${displayName(item.owner)}` : '',
            ),
            item.description
              ? h('div', { className: 'atr-muted' }, item.description)
              : null,
          ],
          'Your teams own no services yet.',
        ),
      ),
      h(
        'article',
        { className: 'atr-card', 'aria-label': 'My teams' },
        h('h2', null, 'My teams'),
        viewList(
          viewer.groups,
          g => g.id,
          g => [
            h(EntityLink, { entity: g, ...links }),
            g.description
              ? h('div', { className: 'atr-muted' }, g.description)
              : null,
          ],
          'You are in no team yet.',
        ),
      ),
    ),
  );
}
