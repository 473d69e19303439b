import { lazy, Suspense, useMemo, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { Provider } from 'urql';
import { Layout, PlainLayout } from './components/Layout';
import { Loading, PageHeading } from './components/ui';
import { createHubClient } from './lib/client';
import { RequireSession, SessionProvider } from './session/session';
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
              <Route path="/" element={<Navigate to="/explore" replace />} />
              <Route path="/explore" element={<Page><ExplorePage /></Page>} />
              <Route path="/analyses" element={<Page><AnalysesIndex /></Page>} />
              <Route path="/analyses/trend" element={<Page><TrendPage /></Page>} />
              <Route path="/analyses/peak-times" element={<Page><PeakTimesPage /></Page>} />
              <Route path="/analyses/hotspots" element={<Page><HotspotsPage /></Page>} />
              <Route path="/analyses/repeat-locations" element={<Page><RepeatLocationsPage /></Page>} />
              <Route path="/analyses/repeat-victims" element={<Page><RepeatVictimsPage /></Page>} />
              <Route path="/analyses/cross-agency" element={<Page><CrossAgencyPage /></Page>} />
              <Route path="/analyses/indicators" element={<Page><IndicatorsPage /></Page>} />
              <Route path="/records" element={<Page><RecordsPage /></Page>} />
              <Route path="/my-access" element={<Page><MyAccessPage /></Page>} />
              <Route path="/saved" element={<Page><SavedQueriesPage /></Page>} />
              <Route path="/saved/:id" element={<Page><OpenSavedQueryPage /></Page>} />
              <Route path="/report" element={<Page><ReportPage /></Page>} />
              <Route path="*" element={<Page><NotFound /></Page>} />
            </Route>
          </Routes>
        </SessionProvider>
      </BrowserRouter>
    </Provider>
  );
}
