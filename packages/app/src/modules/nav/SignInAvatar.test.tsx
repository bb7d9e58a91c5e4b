import { act, render, screen } from '@testing-library/react';
import { SignInAvatar } from './SignInAvatar';

const profile = { displayName: 'Ann Stockton', picture: '' };
jest.mock('@backstage/plugin-user-settings', () => ({
  useUserProfile: () => ({
    profile,
    displayName: profile.displayName,
    loading: false,
  }),
}));

describe('SignInAvatar', () => {
  const imageLoads: Array<(ok: boolean) => void> = [];
  beforeEach(() => {
    imageLoads.length = 0;
    // jsdom loads no images: each `new Image()` waits here until the test says how its load ended.
    jest.spyOn(window, 'Image').mockImplementation(() => {
      const img: any = {};
      imageLoads.push(ok => (ok ? img.onload?.() : img.onerror?.()));
      return img;
    });
  });
  afterEach(() => jest.restoreAllMocks());

  it("shows the user's initial without a picture", () => {
    profile.picture = '';
    render(<SignInAvatar />);
    expect(screen.getByText('A')).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();
  });

  it('shows the initial when the picture fails to load, and the picture when it loads', async () => {
    profile.picture = 'https://pictures.example/ann.png';
    const { unmount } = render(<SignInAvatar />);
    act(() => imageLoads.forEach(end => end(false)));
    expect(screen.getByText('A')).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();
    unmount();

    render(<SignInAvatar />);
    act(() => imageLoads.forEach(end => end(true)));
    expect(screen.queryByText('A')).toBeNull();
    expect(document.querySelector('img')?.getAttribute('src')).toBe(
      'https://pictures.example/ann.png',
    );
  });
});
