/** The app: sign-in with a hub token, then the screens of the token's role. */
import { lazy, Suspense, useEffect, useState } from 'react';
import { Route, Router, Switch } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { api, type Me } from './api';
import { session } from './session';
import { SignIn } from './pages/sign-in';
import { Shell } from './components/shell';
import { Failure, Loading, NotFound } from './components/status';
import { WorkQueue } from './pages/work-queue';
import { ExtensionRequestPage } from './pages/extension-request';
import { UploadPage } from './pages/upload';
import { OverviewPage } from './pages/overview';
import { ProviderHome } from './pages/provider-home';
// the form library and the charts load with the pages that use them, not on every first load
const SubmitPage = lazy(() => import('./pages/submit').then((m) => ({ default: m.SubmitPage })));
const CaseloadPage = lazy(() => import('./pages/caseload').then((m) => ({ default: m.CaseloadPage })));
const ScorecardPage = lazy(() => import('./pages/scorecard').then((m) => ({ default: m.ScorecardPage })));
const ReassessmentsPage = lazy(() => import('./pages/reassessments').then((m) => ({ default: m.ReassessmentsPage })));
const ReassessmentPage = lazy(() => import('./pages/reassessments').then((m) => ({ default: m.ReassessmentPage })));

/** Each role's pages; the first is its start page. */
function RoutesOf({ me }: { me: Me }) {
  switch (me.role) {
    case 'consultant':
      return (
        <Switch>
          <Route path="/" component={WorkQueue} />
          <Route path="/verzoeken/:id">{(p) => <ExtensionRequestPage id={p.id} />}</Route>
          <Route path="/caseload">{() => <CaseloadPage />}</Route>
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
          <Route component={NotFound} />
        </Switch>
      );
    case 'contract_manager':
      return (
        <Switch>
          <Route path="/" component={OverviewPage} />
          <Route path="/aanbieders/:agb">{(p) => <ScorecardPage agbCode={p.agb} manager />}</Route>
          <Route path="/herbeoordeling">{() => <ReassessmentsPage />}</Route>
          <Route path="/herbeoordeling/:id">{(p) => <ReassessmentPage id={p.id} cases={false} />}</Route>
          <Route component={NotFound} />
        </Switch>
      );
    case 'provider':
      return (
        <Switch>
          <Route path="/">{() => <ProviderHome me={me} />}</Route>
          <Route path="/indienen/:kind/:allocation?">
            {(p) => <SubmitPage kind={p.kind} allocationNumber={p.allocation} />}
          </Route>
          <Route path="/scorecard">{() => <ScorecardPage agbCode={me.providerAgbCode ?? ''} manager={false} />}</Route>
          <Route path="/aanbieders/:agb">{(p) => <ScorecardPage agbCode={p.agb} manager={false} />}</Route>
          <Route component={NotFound} />
        </Switch>
      );
  }
}

export function App() {
  const [token, setToken] = useState(session.token());
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    const out = () => {
      setToken(null);
      setMe(null);
    };
    window.addEventListener('hub:signed-out', out);
    return () => window.removeEventListener('hub:signed-out', out);
  }, []);
  useEffect(() => {
    if (!token) return;
    setError(null);
    api<Me>('/v1/tokens/me').then(setMe, setError);
  }, [token]);

  if (!token)
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
