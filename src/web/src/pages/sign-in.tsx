/** Sign-in with a hub token (from `hub token create` or `hub demo seed`); it is kept for this tab only. */
import { useState, type FormEvent } from 'react';

export function SignIn({ onSignIn }: { onSignIn: (token: string) => void }) {
  const [token, setToken] = useState('');
  const [message, setMessage] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!/^yht_[0-9a-f]{16}\.[A-Za-z0-9_-]{43}$/.test(token.trim())) {
      setMessage('Dit is geen geldig token: het begint met yht_ en is 64 tekens lang.');
      return;
    }
    onSignIn(token);
  };
  return (
    <main id="main" className="sign-in">
      <h1>Jeugdhulp-uitwisseling</h1>
      <p>Meld u aan met uw token. Het blijft alleen in dit tabblad bewaard en verdwijnt bij afmelden.</p>
      <form onSubmit={submit} noValidate>
        <label htmlFor="token">Token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-describedby={message ? 'token-error' : undefined}
          aria-invalid={message ? true : undefined}
          required
        />
        {message && (
          <p id="token-error" role="alert" className="field-error">
            {message}
          </p>
        )}
        <button type="submit">Aanmelden</button>
      </form>
    </main>
  );
}
