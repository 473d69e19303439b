import { lazy, Suspense, useMemo, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { Provider } from 'urql';
import { Layout, PlainLayout } from './components/Layout';
import { Loading, PageHeading } from './components/ui';
import { createHubClient } from './lib/client';
import { RequireSession, SessionProvider, useSession } from './session/session';
import { homeFor } from './lib/roles';
import SignInPage from './session/SignInPage';
import ExplorePage from './explore/ExplorePage';

// Pages past the first load separately; Vega loads only with a chart.
const AnalysesIndex = lazy(() => import('./analyses/AnalysesIndex'));
const TrendPage = lazy(() => import('./analyses/TrendPage'));
const PeakTimesPage = lazy(() => import('./analyses/PeakTimesPage'));
const HotspotsPage = lazy(() => import('./analyses/HotspotsPage'));
const RepeatLocationsPage = lazy(() => import('./analyses/RepeatLocationsPage'));
const RepeatVictimsPage = lazy(() => import('./analyses/RepeatVictimsPage'));
const CrossAgencyPage = lazy(() => import('./analyses/CrossAgencyPage'));
const IndicatorsPage = lazy(() => import('./analyses/IndicatorsPage'));
const RecordsPage = lazy(() => import('./records/RecordsPage'));
const MyAccessPage = lazy(() => import('./access/MyAccessPage'));
const SavedQueriesPage = lazy(() => import('./saved/SavedQueriesPage'));
const OpenSavedQueryPage = lazy(() => import('./saved/OpenSavedQueryPage'));
const ReportPage = lazy(() => import('./report/ReportPage'));
const AgreementsPage = lazy(() => import('./agreements/AgreementsPage'));
const AgreementPage = lazy(() => import('./agreements/AgreementPage'));
const DraftAgreementPage = lazy(() => import('./agreements/DraftAgreementPage'));
const UsagePage = lazy(() => import('./usage/UsagePage'));
const AuditPage = lazy(() => import('./audit/AuditPage'));
const AdminIndex = lazy(() => import('./admin/AdminIndex'));
const AccountPage = lazy(() => import('./account/AccountPage'));
const AgenciesPage = lazy(() => import('./admin/AgenciesPage'));
const DatasetsPage = lazy(() => import('./admin/DatasetsPage'));
const AccountsPage = lazy(() => import('./admin/AccountsPage'));
const ApiKeysPage = lazy(() => import('./admin/ApiKeysPage'));
const IdentityProvidersPage = lazy(() => import('./admin/IdentityProvidersPage'));
const IndicatorsAdminPage = lazy(() => import('./admin/IndicatorsAdminPage'));
const SeriousViolencePage = lazy(() => import('./admin/SeriousViolencePage'));
const SubmissionsPage = lazy(() => import('./admin/SubmissionsPage'));
const ProviderIndex = lazy(() => import('./provider/ProviderIndex'));
const UploadPage = lazy(() => import('./provider/UploadPage'));
const BatchesPage = lazy(() => import('./provider/BatchesPage'));
const BatchPage = lazy(() => import('./provider/BatchPage'));
const TemplatesPage = lazy(() => import('./provider/TemplatesPage'));
const QualityPage = lazy(() => import('./provider/QualityPage'));

function Page({ children }: { children: ReactNode }) {
  // A new key per path: a page's state never leaks into the next.
  const { pathname } = useLocation();
  return (
    <RequireSession>
      <Suspense key={pathname} fallback={<Loading />}>
        {children}
      </Suspense>
    </RequireSession>
  );
}

/** "/" goes to the first page the person's roles can use. */
function Home() {
  const { account } = useSession();
  const { search } = useLocation();
  return <Navigate to={homeFor(account?.roles ?? []) + search} replace />;
}

function NotFound() {
  return (
    <>
      <PageHeading title="Page not found" />
      <p className="govuk-body">If you typed the web address, check it is correct.</p>
    </>
  );
}

export function App() {
  const client = useMemo(() => createHubClient(), []);
  return (
    <Provider value={client}>
      <BrowserRouter>
        <SessionProvider>
          <Routes>
            <Route element={<PlainLayout />}>
              <Route path="/sign-in" element={<SignInPage />} />
            </Route>
            <Route element={<Layout />}>
              <Route
                path="/"
                element={
                  <Page>
                    <Home />
                  </Page>
                }
              />
              <Route
                path="/explore"
                element={
                  <Page>
                    <ExplorePage />
                  </Page>
                }
              />
              <Route
                path="/analyses"
                element={
                  <Page>
                    <AnalysesIndex />
                  </Page>
                }
              />
              <Route
                path="/analyses/trend"
                element={
                  <Page>
                    <TrendPage />
                  </Page>
                }
              />
              <Route
                path="/analyses/peak-times"
                element={
                  <Page>
                    <PeakTimesPage />
                  </Page>
                }
              />
              <Route
                path="/analyses/hotspots"
                element={
                  <Page>
                    <HotspotsPage />
                  </Page>
                }
              />
              <Route
                path="/analyses/repeat-locations"
                element={
                  <Page>
                    <RepeatLocationsPage />
                  </Page>
                }
              />
              <Route
                path="/analyses/repeat-victims"
                element={
                  <Page>
                    <RepeatVictimsPage />
                  </Page>
                }
              />
              <Route
                path="/analyses/cross-agency"
                element={
                  <Page>
                    <CrossAgencyPage />
                  </Page>
                }
              />
              <Route
                path="/analyses/indicators"
                element={
                  <Page>
                    <IndicatorsPage />
                  </Page>
                }
              />
              <Route
                path="/records"
                element={
                  <Page>
                    <RecordsPage />
                  </Page>
                }
              />
              <Route
                path="/my-access"
                element={
                  <Page>
                    <MyAccessPage />
                  </Page>
                }
              />
              <Route
                path="/saved"
                element={
                  <Page>
                    <SavedQueriesPage />
                  </Page>
                }
              />
              <Route
                path="/saved/:id"
                element={
                  <Page>
                    <OpenSavedQueryPage />
                  </Page>
                }
              />
              <Route
                path="/report"
                element={
                  <Page>
                    <ReportPage />
                  </Page>
                }
              />
              <Route
                path="/agreements"
                element={
                  <Page>
                    <AgreementsPage />
                  </Page>
                }
              />
              <Route
                path="/agreements/new"
                element={
                  <Page>
                    <DraftAgreementPage />
                  </Page>
                }
              />
              <Route
                path="/agreements/:reference"
                element={
                  <Page>
                    <AgreementPage />
                  </Page>
                }
              />
              <Route
                path="/usage"
                element={
                  <Page>
                    <UsagePage />
                  </Page>
                }
              />
              <Route
                path="/audit"
                element={
                  <Page>
                    <AuditPage />
                  </Page>
                }
              />
              <Route
                path="/admin"
                element={
                  <Page>
                    <AdminIndex />
                  </Page>
                }
              />
              <Route
                path="/admin/agencies"
                element={
                  <Page>
                    <AgenciesPage />
                  </Page>
                }
              />
              <Route
                path="/admin/datasets"
                element={
                  <Page>
                    <DatasetsPage />
                  </Page>
                }
              />
              <Route
                path="/admin/accounts"
                element={
                  <Page>
                    <AccountsPage />
                  </Page>
                }
              />
              <Route
                path="/account"
                element={
                  <Page>
                    <AccountPage />
                  </Page>
                }
              />
              <Route
                path="/admin/api-keys"
                element={
                  <Page>
                    <ApiKeysPage />
                  </Page>
                }
              />
              <Route
                path="/admin/identity-providers"
                element={
                  <Page>
                    <IdentityProvidersPage />
                  </Page>
                }
              />
              <Route
                path="/admin/indicators"
                element={
                  <Page>
                    <IndicatorsAdminPage />
                  </Page>
                }
              />
              {['/admin/serious-violence', '/analyses/serious-violence'].map((path) => (
                <Route
                  key={path}
                  path={path}
                  element={
                    <Page>
                      <SeriousViolencePage />
                    </Page>
                  }
                />
              ))}
              <Route
                path="/submissions"
                element={
                  <Page>
                    <SubmissionsPage />
                  </Page>
                }
              />
              <Route
                path="/provider"
                element={
                  <Page>
                    <ProviderIndex />
                  </Page>
                }
              />
              <Route
                path="/provider/upload"
                element={
                  <Page>
                    <UploadPage />
                  </Page>
                }
              />
              <Route
                path="/provider/batches"
                element={
                  <Page>
                    <BatchesPage />
                  </Page>
                }
              />
              <Route
                path="/provider/batches/:id"
                element={
                  <Page>
                    <BatchPage />
                  </Page>
                }
              />
              <Route
                path="/provider/templates"
                element={
                  <Page>
                    <TemplatesPage />
                  </Page>
                }
              />
              <Route
                path="/provider/quality"
                element={
                  <Page>
                    <QualityPage />
                  </Page>
                }
              />
              <Route
                path="*"
                element={
                  <Page>
                    <NotFound />
                  </Page>
                }
              />
            </Route>
          </Routes>
        </SessionProvider>
      </BrowserRouter>
    </Provider>
  );
}
