/** The frame of every page: skip link, header with the role's navigation and sign-out, the page in <main>. */
import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { signOut, type Me } from '../api';

const NAV: Record<Me['role'], { href: string; label: string }[]> = {
  consultant: [
    { href: '/', label: 'Werkvoorraad' },
    { href: '/caseload', label: 'Caseload' },
    { href: '/wachttijden', label: 'Wachttijden' },
    { href: '/herbeoordeling', label: 'Herbeoordeling' },
    { href: '/upload', label: 'Bestand inlezen' },
  ],
  admin: [
    { href: '/', label: 'Caseload' },
    { href: '/upload', label: 'Bestand inlezen' },
    { href: '/personen', label: 'Personen' },
    { href: '/teams', label: 'Teams' },
    { href: '/aanbieders', label: 'Aanbieders' },
    { href: '/contracten', label: 'Contracten' },
    { href: '/tokens', label: 'API-tokens' },
  ],
  contract_manager: [
    { href: '/', label: 'Regio-overzicht' },
    { href: '/wachttijden', label: 'Wachttijden' },
    { href: '/herbeoordeling', label: 'Herbeoordeling' },
  ],
  provider: [
    { href: '/', label: 'Te doen' },
    { href: '/indienen/evaluatie', label: 'Evaluatie indienen' },
    { href: '/indienen/verlenging', label: 'Verlenging aanvragen' },
    { href: '/scorecard', label: 'Onze scorecard' },
    { href: '/wachttijden', label: 'Wachttijden' },
  ],
};

/** The role's menu; a provider's administrator also manages its staff and tokens. */
function navOf(me: Me): { href: string; label: string }[] {
  if (me.role === 'consultant' && !me.mayReadCases)
    return [
      { href: '/', label: 'Aantallen' },
      { href: '/herbeoordeling', label: 'Herbeoordeling' },
    ];
  if (me.role === 'provider' && me.canManageOrganisation)
    return [...NAV.provider, { href: '/personen', label: 'Medewerkers' }, { href: '/tokens', label: 'API-tokens' }];
  return NAV[me.role];
}

const ROLE: Record<Me['role'], string> = {
  consultant: 'Consulent',
  admin: 'Beheerder',
  contract_manager: 'Contractmanager',
  provider: 'Aanbieder',
};

export function Shell({ me, children }: { me: Me; children: ReactNode }) {
  const [location] = useLocation();
  const scope = me.teamCode ? ` · team ${me.teamCode}` : me.providerAgbCode ? ` · AGB ${me.providerAgbCode}` : '';
  return (
    <>
      <a className="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Naar de inhoud
      </a>
      <header className="top">
        <span className="brand">Jeugdhulp-uitwisseling</span>
        <nav aria-label="Hoofdmenu">
          <ul>
            {navOf(me).map((n) => (
              <li key={n.href}>
                <Link href={n.href} aria-current={location === n.href ? 'page' : undefined}>
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <span className="who">
          {me.kind === 'person' ? `${me.name} · ` : ''}
          {ROLE[me.role]}
          {scope}
        </span>
        <button type="button" className="secondary" onClick={() => void signOut()}>
          Afmelden
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
