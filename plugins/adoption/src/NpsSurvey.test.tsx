import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { identityApiRef } from '@backstage/frontend-plugin-api';
import { adoptionApiRef, type AdoptionApi } from './api';
import { MAX_COMMENT, NpsSurvey } from './components/NpsSurvey';
import { MyAnswers } from './components/MyAnswersPage';
import { responseError } from '@atrium/ui/testing';
import { fakeAdoptionApi } from './testing/fixtures';

let user = 0;

/** Each test signs in as a new user, so the once-a-session flag of one does not hide the card of the next. */
function render(api: jest.Mocked<AdoptionApi>, ui = <NpsSurvey />) {
  user++;
  return renderInTestApp(ui, {
    apis: [
      [adoptionApiRef, api],
      [
        identityApiRef,
        mockApis.identity({ userEntityRef: `user:default/tester-${user}` }),
      ],
    ],
  });
}

const survey = () => screen.findByRole('region', { name: 'Atrium survey' });

describe('the NPS survey card (with a mocked adoption API)', () => {
  it('sends the score and the comment', async () => {
    const api = fakeAdoptionApi();
    await render(api);
    const card = await survey();
    const send = within(card).getByRole('button', { name: 'Send' });
    expect(send).toBeDisabled();

    fireEvent.click(within(card).getByRole('button', { name: '9' }));
    expect(within(card).getByRole('button', { name: '9' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    fireEvent.change(
      within(card).getByLabelText('What is the main reason? (optional)'),
      { target: { value: '  Fast catalog  ' } },
    );
    fireEvent.click(send);

    await waitFor(() =>
      expect(api.answerNps).toHaveBeenCalledWith({
        score: 9,
        comment: 'Fast catalog',
      }),
    );
    expect(await screen.findByText('Thank you!')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'See or delete your answers' }),
    ).toHaveAttribute('href', '/adoption-insights/mine');
    expect(api.dismissNps).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    await waitFor(() =>
      expect(
        screen.queryByRole('region', { name: 'Atrium survey' }),
      ).not.toBeInTheDocument(),
    );
  });

  it('sends a score without a comment, and never a comment over 2000 characters', async () => {
    const api = fakeAdoptionApi();
    await render(api);
    const card = await survey();
    const box = within(card).getByRole('textbox');
    fireEvent.change(box, { target: { value: 'x'.repeat(MAX_COMMENT + 50) } });
    expect((box as HTMLTextAreaElement).value).toHaveLength(MAX_COMMENT);
    expect(
      within(card).getByText(`${MAX_COMMENT}/${MAX_COMMENT}`),
    ).toBeInTheDocument();
    fireEvent.change(box, { target: { value: '   ' } });
    fireEvent.click(within(card).getByRole('button', { name: '0' }));
    fireEvent.click(within(card).getByRole('button', { name: 'Send' }));
    await waitFor(() =>
      expect(api.answerNps).toHaveBeenCalledWith({ score: 0 }),
    );
  });

  it('"Not now" dismisses it and closes the card', async () => {
    const api = fakeAdoptionApi();
    await render(api);
    fireEvent.click(
      within(await survey()).getByRole('button', { name: 'Not now' }),
    );
    await waitFor(() => expect(api.dismissNps).toHaveBeenCalledTimes(1));
    expect(
      screen.queryByRole('region', { name: 'Atrium survey' }),
    ).not.toBeInTheDocument();
    expect(api.answerNps).not.toHaveBeenCalled();
  });

  it('says why an answer was not saved and lets the user try again', async () => {
    const error = await responseError(400, 'score must be 0–10');
    const api = fakeAdoptionApi({
      answerNps: jest
        .fn()
        .mockRejectedValueOnce(error)
        .mockResolvedValueOnce({ id: 'a2' }),
    });
    await render(api);
    const card = await survey();
    fireEvent.click(within(card).getByRole('button', { name: '7' }));
    fireEvent.click(within(card).getByRole('button', { name: 'Send' }));
    expect(await within(card).findByRole('alert')).toHaveTextContent(
      'Your answer was not saved: Rejected: score must be 0–10',
    );
    fireEvent.click(within(card).getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('Thank you!')).toBeInTheDocument();
  });

  it('stays hidden when the backend says not to ask, and asks once a session', async () => {
    const api = fakeAdoptionApi({
      getSurvey: async () => ({ show: false, reason: 'answered' }),
    });
    await render(api);
    await waitFor(() => expect(api.getSurvey).toHaveBeenCalledTimes(1));
    expect(
      screen.queryByRole('region', { name: 'Atrium survey' }),
    ).not.toBeInTheDocument();

    // The same user in the same session: the app does not ask the backend again.
    const again = fakeAdoptionApi();
    const getBackstageIdentity = jest.fn(async () => ({
      type: 'user' as const,
      userEntityRef: `user:default/tester-${user}`,
      ownershipEntityRefs: [],
    }));
    await renderInTestApp(<NpsSurvey />, {
      apis: [
        [adoptionApiRef, again],
        [
          identityApiRef,
          {
            getBackstageIdentity,
            getCredentials: async () => ({}),
            getProfileInfo: async () => ({}),
            signOut: async () => undefined,
          },
        ],
      ],
    });
    await waitFor(() => expect(getBackstageIdentity).toHaveBeenCalled());
    // The check after the identity resolves runs in the same microtask chain; let it finish.
    await act(async () => {
      await getBackstageIdentity.mock.results[0].value;
    });
    expect(again.getSurvey).not.toHaveBeenCalled();
  });

  it('stays hidden, without an error, when the backend cannot be asked', async () => {
    const api = fakeAdoptionApi({
      getSurvey: jest.fn().mockRejectedValue(new TypeError('Failed to fetch')),
    });
    await render(api);
    await waitFor(() => expect(api.getSurvey).toHaveBeenCalled());
    expect(
      screen.queryByRole('region', { name: 'Atrium survey' }),
    ).not.toBeInTheDocument();
  });
});

describe('my survey answers (with a mocked adoption API)', () => {
  it('lists my answers and deletes one', async () => {
    const api = fakeAdoptionApi({
      getMyAnswers: jest
        .fn()
        .mockResolvedValueOnce({
          answers: [
            {
              id: 'a1',
              score: 8,
              comment: 'Good docs',
              createdAt: '2026-12-01T10:00:00.000Z',
            },
          ],
        })
        .mockResolvedValueOnce({ answers: [] }),
    });
    await render(api, <MyAnswers />);
    const list = await screen.findByRole('list', { name: 'My survey answers' });
    expect(within(list).getByText('Score 8')).toBeInTheDocument();
    expect(within(list).getByText('Good docs')).toBeInTheDocument();

    fireEvent.click(
      screen.getByRole('button', { name: 'Delete the answer with score 8' }),
    );
    await waitFor(() => expect(api.deleteAnswer).toHaveBeenCalledWith('a1'));
    expect(
      await screen.findByText('You have not answered the survey.'),
    ).toBeInTheDocument();
  });
});
