import '@testing-library/jest-dom';
import {
  announcePageReady,
  ENTITY_OVERVIEW_QUERY,
  LAYER_MAX_MS,
} from '@atrium/plugin-graphql-react';
import {
  gatewayEntity,
  gatewayEntityOverview,
} from '@atrium/plugin-graphql-react/testing';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { BrowserRouter, Link, Route, Routes } from 'react-router-dom';
import { getAtriumApollo } from './apollo';
import { NavigationLayer } from './NavigationLayer';

const cached = gatewayEntityOverview('cached', {
  title: 'Cached Service',
  description: 'Shown from the cache',
  owner: {
    ...gatewayEntity('Group', 'team', { profile: null }),
    members: [],
  },
});

/**
 * The router the app has: Backstage's default is a BrowserRouter with these flags. (A memory router would hide
 * that the URL changes while the router handles the click.)
 */
const FUTURE = { v7_relativeSplatPath: false, v7_startTransition: false };

function App() {
  return (
    <BrowserRouter future={FUTURE}>
      <Routes>
        <Route
          path="/"
          element={
            <>
              <Link to="/catalog/default/component/cached">to cached</Link>
              <Link to="/catalog/default/component/unknown">to unknown</Link>
              <Link to="/settings">to settings</Link>
            </>
          }
        />
        {/* The entity page's code is still loading: it shows nothing yet. */}
        <Route
          path="/catalog/:namespace/:kind/:name"
          element={<p>loading</p>}
        />
        <Route path="/settings" element={<p>settings</p>} />
      </Routes>
      <NavigationLayer />
    </BrowserRouter>
  );
}

const layer = () => screen.queryByTestId('atrium-navigation-layer');

describe('NavigationLayer', () => {
  beforeAll(() => {
    getAtriumApollo().writeQuery({
      query: ENTITY_OVERVIEW_QUERY,
      variables: { ref: 'component:default/cached' },
      data: cached,
    });
  });
  beforeEach(() => window.history.pushState(null, '', '/'));
  afterEach(() => jest.useRealTimers());

  it('shows a cached entity at once when the app opens it, and steps aside when its page announces itself', async () => {
    render(<App />);
    expect(layer()).toBeNull();
    fireEvent.click(screen.getByText('to cached'));

    expect(screen.getByText('loading')).toBeInTheDocument();
    expect(layer()).toHaveTextContent('Cached Service');
    expect(layer()).toHaveTextContent('Shown from the cache');

    // Another page's announcement is not this one's.
    act(() => announcePageReady('component:default/other'));
    expect(layer()).not.toBeNull();

    act(() => announcePageReady('component:default/cached'));
    await act(() => new Promise(r => requestAnimationFrame(() => r(null))));
    expect(layer()).toBeNull();
  });

  it('leaves navigation alone when the entity is not in the cache, or is the page already shown', () => {
    render(<App />);
    fireEvent.click(screen.getByText('to unknown'));
    expect(screen.getByText('loading')).toBeInTheDocument();
    expect(layer()).toBeNull();

    window.history.pushState(null, '', '/catalog/default/component/cached');
    render(
      <BrowserRouter future={FUTURE}>
        <Link to="/catalog/default/component/cached">this page again</Link>
        <NavigationLayer />
      </BrowserRouter>,
    );
    fireEvent.click(screen.getByText('this page again'));
    expect(layer()).toBeNull();
  });

  it('steps aside when the app goes elsewhere before the page is ready', () => {
    render(
      <BrowserRouter future={FUTURE}>
        <Routes>
          <Route
            path="/"
            element={<Link to="/catalog/default/component/cached">go</Link>}
          />
          <Route
            path="/catalog/:namespace/:kind/:name"
            element={<Link to="/settings">away</Link>}
          />
          <Route path="/settings" element={<p>settings</p>} />
        </Routes>
        <NavigationLayer />
      </BrowserRouter>,
    );
    fireEvent.click(screen.getByText('go'));
    expect(layer()).not.toBeNull();
    fireEvent.click(screen.getByText('away'));
    expect(screen.getByText('settings')).toBeInTheDocument();
    expect(layer()).toBeNull();
  });

  it('does not hide the app for long when the page never announces itself', () => {
    jest.useFakeTimers();
    render(<App />);
    fireEvent.click(screen.getByText('to cached'));
    expect(layer()).not.toBeNull();
    act(() => {
      jest.advanceTimersByTime(LAYER_MAX_MS - 10);
    });
    expect(layer()).not.toBeNull();
    act(() => {
      jest.advanceTimersByTime(20);
    });
    expect(layer()).toBeNull();
  });
});
