import '@backstage/cli/asset-types';
import ReactDOM from 'react-dom/client';
import { hydrateServerRenderedPage } from '@atrium/plugin-graphql-react';
import { getAtriumApollo } from '@atrium/plugin-graphql';
import App from './App';
import '@backstage/ui/css/styles.css';

// A server-rendered page (Home, an entity's overview) is hydrated first, from the cache state it embeds; the
// app then boots beneath it and takes over once its page shows the same content.
hydrateServerRenderedPage(getAtriumApollo(), document);

ReactDOM.createRoot(document.getElementById('root')!).render(App.createRoot());
