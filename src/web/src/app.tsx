/** The app: a person signs in through its identity provider (or a token is pasted), then the screens of its role. */
import { lazy, Suspense, useEffect, useState } from 'react';
import { Route, Router, Switch } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { api, ApiError, type Me } from './api';
import { session } from './session';
import { SignIn } from './pages/sign-in';
import { Shell } from './components/shell';
import { Failure, Loading, NotFound, RegistrationRequired } from './components/status';
import { CountsPage } from './pages/counts';
import { WorkQueue } from './pages/work-queue';
import { ExtensionRequestPage } from './pages/extension-request';
import { UploadPage } from './pages/upload';
import { OverviewPage } from './pages/overview';
import { ProviderHome } from './pages/provider-home';
import { PersonsPage } from './pages/persons';
import { TokensPage } from './pages/tokens';
import { ContractsPage, ProvidersPage, TeamsPage } from './pages/registry';
// the form library and the charts load with the pages that use them, not on every first load
const SubmitPage = lazy(() => import('./pages/submit').then((m) => ({ default: m.SubmitPage })));
const CaseloadPage = lazy(() => import('./pages/caseload').then((m) => ({ default: m.CaseloadPage })));
const ScorecardPage = lazy(() => import('./pages/scorecard').then((m) => ({ default: m.ScorecardPage })));
const WaitingPage = lazy(() => import('./pages/waiting').then((m) => ({ default: m.WaitingPage })));
const ReassessmentsPage = lazy(() => import('./pages/reassessments').then((m) => ({ default: m.ReassessmentsPage })));
const ReassessmentPage = lazy(() => import('./pages/reassessments').then((m) => ({ default: m.ReassessmentPage })));

/** Each role's pages; the first is its start page. */
function RoutesOf({ me }: { me: Me }) {
  switch (me.role) {
    case 'consultant':
      if (!me.mayReadCases)
        return (
          <Switch>
            <Route path="/" component={CountsPage} />
            <Route path="/herbeoordeling">{() => <ReassessmentsPage />}</Route>
            <Route component={RegistrationRequired} />
          </Switch>
        );
      return (
        <Switch>
          <Route path="/" component={WorkQueue} />
          <Route path="/verzoeken/:id">{(p) => <ExtensionRequestPage id={p.id} />}</Route>
          <Route path="/caseload">{() => <CaseloadPage />}</Route>
          <Route path="/wachttijden">{() => <WaitingPage role="consultant" />}</Route>
          <Route path="/upload" component={UploadPage} />
          <Route path="/herbeoordeling">{() => <ReassessmentsPage />}</Route>
          <Route path="/herbeoordeling/:id">{(p) => <ReassessmentPage id={p.id} cases />}</Route>
          <Route component={NotFound} />
        </Switch>
      );
    case 'admin':
      return (
        <Switch>
          <Route path="/">{() => <CaseloadPage admin />}</Route>
          <Route path="/upload" component={UploadPage} />
          <Route path="/personen">{() => <PersonsPage me={me} />}</Route>
          <Route path="/tokens">{() => <TokensPage me={me} />}</Route>
          <Route path="/teams" component={TeamsPage} />
          <Route path="/aanbieders" component={ProvidersPage} />
          <Route path="/contracten" component={ContractsPage} />
          <Route component={NotFound} />
        </Switch>
      );
    case 'contract_manager':
      return (
        <Switch>
          <Route path="/" component={OverviewPage} />
          <Route path="/aanbieders/:agb">{(p) => <ScorecardPage agbCode={p.agb} manager />}</Route>
          <Route path="/wachttijden">{() => <WaitingPage role="contract_manager" />}</Route>
          <Route path="/herbeoordeling">{() => <ReassessmentsPage />}</Route>
          <Route path="/herbeoordeling/:id">{(p) => <ReassessmentPage id={p.id} cases={false} />}</Route>
          <Route component={NotFound} />
        </Switch>
      );
    case 'provider':
      return (
        <Switch>
          <Route path="/">{() => <ProviderHome me={me} />}</Route>
          <Route path="/indienen/:kind/:allocation/:from/:to">
            {(p) => <SubmitPage kind={p.kind} allocationNumber={p.allocation} periodStart={p.from} periodEnd={p.to} />}
          </Route>
          <Route path="/indienen/:kind/:allocation?">
            {(p) => <SubmitPage kind={p.kind} allocationNumber={p.allocation} />}
          </Route>
          <Route path="/scorecard">{() => <ScorecardPage agbCode={me.providerAgbCode ?? ''} manager={false} />}</Route>
          <Route path="/wachttijden">{() => <WaitingPage role="provider" />}</Route>
          <Route path="/aanbieders/:agb">{(p) => <ScorecardPage agbCode={p.agb} manager={false} />}</Route>
          {me.canManageOrganisation && <Route path="/personen">{() => <PersonsPage me={me} />}</Route>}
          {me.canManageOrganisation && <Route path="/tokens">{() => <TokensPage me={me} />}</Route>}
          <Route component={NotFound} />
        </Switch>
      );
  }
}

export function App() {
  // a pasted token, else whatever session cookie the browser has: GET /v1/me says who that is
  const [token, setToken] = useState(session.token());
  const [me, setMe] = useState<Me | null>(null);
  const [signedOut, setSignedOut] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    const out = () => {
      setToken(null);
      setMe(null);
      setSignedOut(true);
    };
    window.addEventListener('hub:signed-out', out);
    return () => window.removeEventListener('hub:signed-out', out);
  }, []);
  useEffect(() => {
    setError(null);
    setSignedOut(false);
    api<Me>('/v1/me').then(
      (who) => {
        session.setCsrf(who.csrfToken ?? null);
        setMe(who);
      },
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 401) setSignedOut(true);
        else setError(err instanceof Error ? err : new Error(String(err)));
      },
    );
  }, [token]);

  if (signedOut)
    return (
      <SignIn
        onSignIn={(t) => {
          session.signIn(t);
          setToken(session.token());
        }}
      />
    );
  if (error) return <Failure error={error} />;
  if (!me) return <Loading />;
  return (
    <Router hook={useHashLocation}>
      <Shell me={me}>
        <Suspense fallback={<Loading />}>
          <RoutesOf me={me} />
        </Suspense>
      </Shell>
    </Router>
  );
}
