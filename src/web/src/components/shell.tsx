/** The frame of every page: skip link, header with the role's navigation and sign-out, the page in <main>. */
import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import type { Me } from '../api';
import { session } from '../session';

const NAV: Record<Me['role'], { href: string; label: string }[]> = {
  consultant: [
    { href: '/', label: 'Werkvoorraad' },
    { href: '/caseload', label: 'Caseload' },
    { href: '/herbeoordeling', label: 'Herbeoordeling' },
    { href: '/upload', label: 'Bestand inlezen' },
  ],
  admin: [
    { href: '/', label: 'Caseload' },
    { href: '/upload', label: 'Bestand inlezen' },
  ],
  contract_manager: [
    { href: '/', label: 'Regio-overzicht' },
    { href: '/herbeoordeling', label: 'Herbeoordeling' },
  ],
  provider: [
    { href: '/', label: 'Te doen' },
    { href: '/indienen/evaluatie', label: 'Evaluatie indienen' },
    { href: '/indienen/verlenging', label: 'Verlenging aanvragen' },
    { href: '/scorecard', label: 'Onze scorecard' },
  ],
};

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
            {NAV[me.role].map((n) => (
              <li key={n.href}>
                <Link href={n.href} aria-current={location === n.href ? 'page' : undefined}>
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <span className="who">
          {ROLE[me.role]}
          {scope}
        </span>
        <button type="button" className="secondary" onClick={() => session.signOut()}>
          Afmelden
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
