/**
 * Sign-in: a person chooses the identity provider of its organisation (OpenID Connect);
 * a system's or admin's hub token can still be pasted (kept for this tab only).
 */
import { useEffect, useState, type FormEvent } from 'react';

interface Issuer {
  id: string;
  label: string;
}

export function SignIn({ onSignIn }: { onSignIn: (token: string) => void }) {
  const [issuers, setIssuers] = useState<Issuer[] | null>(null);
  const [token, setToken] = useState('');
  const [message, setMessage] = useState('');
  useEffect(() => {
    fetch('/auth/issuers', { headers: { Accept: 'application/json' } })
      .then((r) => (r.ok ? (r.json() as Promise<{ items: Issuer[] }>) : { items: [] }))
      .then((b) => setIssuers(b.items))
      .catch(() => setIssuers([]));
  }, []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!/^yht_[0-9a-f]{16}\.[A-Za-z0-9_-]{43}$/.test(token.trim())) {
      setMessage('Dit is geen geldig token: het begint met yht_ en is 64 tekens lang.');
      return;
    }
    onSignIn(token);
  };
  const tokenForm = (
    <>
      <p>Het token blijft alleen in dit tabblad bewaard en verdwijnt bij afmelden.</p>
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
    </>
  );
  const returnTo = encodeURIComponent(`/app/${window.location.hash}`);
  return (
    <main id="main" className="sign-in">
      <h1>Jeugdhulp-uitwisseling</h1>
      <h2>Aanmelden</h2>
      {issuers === null ? (
        <p>Inlogdiensten laden…</p>
      ) : issuers.length === 0 ? (
        <p>Er is geen inlogdienst ingesteld. Meld u aan met een token.</p>
      ) : (
        <>
          <p>Meld u aan via de inlogdienst van uw organisatie.</p>
          <ul className="issuers">
            {issuers.map((i) => (
              <li key={i.id}>
                <a className="button" href={`/auth/login?issuer=${encodeURIComponent(i.id)}&returnTo=${returnTo}`}>
                  Aanmelden met {i.label}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      {issuers !== null && issuers.length > 0 ? (
        <details>
          <summary>Aanmelden met een token (koppelingen en beheer)</summary>
          {tokenForm}
        </details>
      ) : (
        tokenForm
      )}
    </main>
  );
}
