import { useCallback, useReducer } from 'react';
import { createSession, type NewSessionRequest, type SessionLinks } from '../api/http';

export type CreatedSession = { title: string; sessionId: string; links: SessionLinks };

export type CreateState =
  | { status: 'idle' }
  | { status: 'submitting'; previous: CreatedSession | null }
  | { status: 'created'; session: CreatedSession }
  | { status: 'failed'; message: string; previous: CreatedSession | null };

type Action =
  | { type: 'submit' }
  | { type: 'created'; session: CreatedSession }
  | { type: 'failed'; message: string };

function previousOf(state: CreateState): CreatedSession | null {
  if (state.status === 'created') return state.session;
  if (state.status === 'submitting' || state.status === 'failed') return state.previous;
  return null;
}

export function createReducer(state: CreateState, action: Action): CreateState {
  switch (action.type) {
    case 'submit':
      return { status: 'submitting', previous: previousOf(state) };
    case 'created':
      return { status: 'created', session: action.session };
    case 'failed':
      return { status: 'failed', message: action.message, previous: previousOf(state) };
  }
}

export type CreateInput = { adminKey: string } & NewSessionRequest;

/** Creating a session from the home page: the request, its progress, and its links. */
export function useCreateSession() {
  const [state, dispatch] = useReducer(createReducer, { status: 'idle' });
  const submit = useCallback(async ({ adminKey, ...body }: CreateInput) => {
    dispatch({ type: 'submit' });
    const result = await createSession(adminKey, body);
    if (result.ok) dispatch({ type: 'created', session: { title: body.title, ...result.value } });
    else dispatch({ type: 'failed', message: result.message });
  }, []);
  return { state, submit, shown: previousOf(state) };
}
