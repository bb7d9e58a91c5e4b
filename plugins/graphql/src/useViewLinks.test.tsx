import '@testing-library/jest-dom';
import { ENTITY_OVERVIEW_QUERY } from '@atrium/plugin-graphql-react';
import { gatewayEntityOverview } from '@atrium/plugin-graphql-react/testing';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { getAtriumApollo } from './apollo';
import { setLayer } from './layerStore';
import { NavigationLayer } from './NavigationLayer';
import { useViewLinks } from './useViewLinks';

/** An entity link of the views, as the views wire it: the app's navigation for an entity's page. */
function ViewLink(props: { path: string; children: string }) {
  const links = useViewLinks();
  return (
    <a href={props.path} onClick={e => links.onNavigate(props.path, e)}>
      {props.children}
    </a>
  );
}

function App() {
  return (
    <BrowserRouter
      future={{ v7_relativeSplatPath: false, v7_startTransition: false }}
    >
      <Routes>
        <Route
          path="/"
          element={
            <>
              <h1>Home page</h1>
              <ViewLink path="/catalog/default/component/cached">
                to cached
              </ViewLink>
              <ViewLink path="/catalog/default/component/unknown">
                to unknown
              </ViewLink>
            </>
          }
        />
        <Route
          path="/catalog/:namespace/:kind/:name"
          element={<p>entity page</p>}
        />
      </Routes>
      <NavigationLayer />
    </BrowserRouter>
  );
}

const layer = () => screen.queryByTestId('atrium-navigation-layer');

describe('useViewLinks', () => {
  beforeAll(() => {
    getAtriumApollo().writeQuery({
      query: ENTITY_OVERVIEW_QUERY,
      variables: { ref: 'component:default/cached' },
      data: gatewayEntityOverview('cached', { title: 'Cached Service' }),
    });
  });
  beforeEach(() => window.history.pushState(null, '', '/'));
  // The layer is the app's one store: what a test left open is closed before the next.
  afterEach(() => act(() => setLayer(undefined)));

  it('shows a cached entity in the layer first, and changes the page only after the layer is painted', async () => {
    render(<App />);
    fireEvent.click(screen.getByText('to cached'));

    // The layer's frame comes before the page change: the page left behind is still there beneath it.
    expect(layer()).toHaveTextContent('Cached Service');
    expect(screen.getByRole('heading', { name: 'Home page' })).toBeVisible();
    expect(window.location.pathname).toBe('/');

    expect(await screen.findByText('entity page')).toBeInTheDocument();
    expect(window.location.pathname).toBe('/catalog/default/component/cached');
    expect(
      screen.queryByRole('heading', { name: 'Home page' }),
    ).not.toBeInTheDocument();
  });

  it('changes the page at once for an entity that is not in the cache', () => {
    render(<App />);
    act(() => {
      fireEvent.click(screen.getByText('to unknown'));
    });
    expect(screen.getByText('entity page')).toBeInTheDocument();
    expect(layer()).toBeNull();
  });
});
