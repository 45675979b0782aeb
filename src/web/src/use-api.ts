/** Reads one API resource for a page: loading, the data, or the error; `reload` reads it again. */
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from './api';

export interface Resource<T> {
  data?: T;
  error?: ApiError | Error;
  loading: boolean;
  reload: () => void;
}

export function useApi<T>(path: string | null): Resource<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError | Error; loading: boolean }>({ loading: !!path });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api<T>(path).then(
      (data) => live && setState({ data, loading: false }),
      (error: Error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [path, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}

/** A change a page makes to a list: what it said (`message`) or why not (`error`); the list is read again after it. */
export interface Change {
  run: (change: () => Promise<string>) => void;
  message: string;
  error?: Error;
}

/** Runs changes one at a time for a page: clears the last outcome, shows the new one, reloads `after` on success. */
export function useChange(after: () => void): Change {
  const [outcome, setOutcome] = useState<{ message: string; error?: Error }>({ message: '' });
  const run = useCallback(
    (change: () => Promise<string>) => {
      setOutcome({ message: '' });
      change().then(
        (message) => {
          setOutcome({ message });
          after();
        },
        (error: Error) => setOutcome({ message: '', error }),
      );
    },
    [after],
  );
  return { run, ...outcome };
}
