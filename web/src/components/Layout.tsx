import { useEffect, useState, useSyncExternalStore } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { useClient } from 'urql';
import { SignOutMutation } from '../session/documents';
import { useSession } from '../session/session';
import { PURPOSE_STORAGE_KEY, purposeLabel } from '../lib/purpose';
import { unavailable } from '../lib/status';
import { homeFor, isGovernancePath, navFor } from '../lib/roles';
import { PurposeSelect, usePurpose, useKeepPurposeInUrl, withPurpose } from './purpose';

function UnavailableBanner() {
  const down = useSyncExternalStore(unavailable.subscribe, unavailable.get);
  if (!down) return null;
  return (
    <div className="govuk-notification-banner hub-unavailable" role="alert" aria-labelledby="hub-unavailable-title">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="hub-unavailable-title">
          Unavailable
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">The hub is unavailable, retrying…</p>
        <p className="govuk-body">Your page will carry on by itself when the hub is back.</p>
      </div>
    </div>
  );
}

const NARROW = '(max-width: 40.0525em)';

/** On a narrow screen the menu folds behind a "Menu" button (GOV.UK service navigation); it folds again on each new page. */
function useFoldingMenu(pathname: string) {
  const narrow = useSyncExternalStore(
    (onChange) => {
      const m = window.matchMedia(NARROW);
      m.addEventListener('change', onChange);
      return () => m.removeEventListener('change', onChange);
    },
    () => window.matchMedia(NARROW).matches,
  );
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [pathname]);
  return { narrow, open, toggle: () => setOpen((o) => !o) };
}

/** The path the console last showed: focus moves only when it changes, not on the first load. */
let shownPath: string | null = null;

/** Moves focus to the new page's heading after a route change (not on the first load). */
function useFocusOnRouteChange() {
  const { pathname } = useLocation();
  useEffect(() => {
    const previous = shownPath;
    shownPath = pathname;
    if (previous === null || previous === pathname) return;
    // The new page may still be loading its code: wait a moment for its heading, else focus main.
    let tries = 0;
    let t: ReturnType<typeof setTimeout>;
    const focus = () => {
      const h = document.querySelector<HTMLElement>(`[data-page-heading="${CSS.escape(pathname)}"]`);
      if (h) h.focus();
      else if (++tries < 20) t = setTimeout(focus, 50);
      else document.getElementById('main-content')?.focus();
    };
    t = setTimeout(focus, 0);
    return () => clearTimeout(t);
  }, [pathname]);
}

export function Header({ signedIn = true }: { signedIn?: boolean }) {
  const { account, setAccount } = useSession();
  const client = useClient();
  const [purpose] = usePurpose();
  const home = homeFor(account?.roles ?? []);
  async function signOut() {
    await client.mutation(SignOutMutation, {}).toPromise();
    setAccount(null);
    try {
      sessionStorage.removeItem(PURPOSE_STORAGE_KEY);
    } catch {
      /* storage may be off */
    }
    // A fresh page: what this person's answers put in memory goes with them.
    window.location.replace('/sign-in');
  }
  return (
    <header className="govuk-generic-header hub-header">
      <div className="govuk-generic-header__container govuk-width-container hub-header__container">
        <div className="govuk-generic-header__logo">
          <Link to={withPurpose(home, purpose)} className="govuk-generic-header__homepage-link hub-header__name">
            Community Safety Data Hub
          </Link>
        </div>
        {signedIn && account && (
          <div className="hub-header__account">
            <p className="hub-header__who">
              <span className="govuk-visually-hidden">Signed in as </span>
              <strong>{account.displayName}</strong> ({account.username}), {account.agency.name}
            </p>
            <Link to="/account" className="hub-header__account-link">
              Your account
            </Link>
            <button type="button" className="hub-header__signout" onClick={signOut}>
              Sign out
            </button>
          </div>
        )}
      </div>
    </header>
  );
}

export function Layout() {
  useKeepPurposeInUrl();
  useFocusOnRouteChange();
  const { pathname } = useLocation();
  const [purpose] = usePurpose();
  const { account } = useSession();
  const nav = navFor(account?.roles ?? []);
  const governance = isGovernancePath(pathname);
  const menu = useFoldingMenu(pathname);
  return (
    <>
      <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
        Skip to main content
      </a>
      <Header />
      <section
        aria-label="Service information"
        className="govuk-service-navigation"
        data-module="govuk-service-navigation"
      >
        <div className="govuk-width-container">
          <div className="govuk-service-navigation__container">
            <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
              <button
                type="button"
                className="govuk-service-navigation__toggle"
                aria-controls="navigation"
                aria-expanded={menu.open}
                hidden={!menu.narrow}
                onClick={menu.toggle}
              >
                Menu
              </button>
              <ul className="govuk-service-navigation__list" id="navigation" hidden={menu.narrow && !menu.open}>
                {nav.map((item) => {
                  const active = pathname === item.path || pathname.startsWith(item.path + '/');
                  return (
                    <li
                      key={item.path}
                      className={`govuk-service-navigation__item${active ? ' govuk-service-navigation__item--active' : ''}`}
                    >
                      <Link
                        className="govuk-service-navigation__link"
                        to={withPurpose(item.path, purpose)}
                        aria-current={active ? (pathname === item.path ? 'page' : 'true') : undefined}
                      >
                        {active ? (
                          <strong className="govuk-service-navigation__active-fallback">{item.text}</strong>
                        ) : (
                          item.text
                        )}
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </nav>
          </div>
        </div>
      </section>
      <section className="hub-purpose-bar" aria-label="Why you are using the data">
        <div className="govuk-width-container hub-purpose-bar__inner">
          <PurposeSelect />
          <p className="govuk-body-s hub-purpose-bar__current" aria-live="polite">
            {governance ? (
              <>
                This page reads no partner data: the purpose applies to the data pages (Explore, Analyses, Records, My
                access, reports).
              </>
            ) : purpose ? (
              <>
                Showing data shared for: <strong>{purposeLabel(purpose)}</strong>
              </>
            ) : (
              <>No purpose chosen yet</>
            )}
          </p>
        </div>
      </section>
      <div className="govuk-width-container">
        <main className="govuk-main-wrapper" id="main-content" tabIndex={-1}>
          <UnavailableBanner />
          <Outlet />
        </main>
      </div>
      <Footer />
    </>
  );
}

export function Footer() {
  return (
    <footer className="hub-footer">
      <div className="govuk-width-container">
        <p className="govuk-body-s govuk-!-margin-bottom-0">
          Community Safety Data Hub: depersonalised data shared between the partnership’s responsible authorities under
          the Crime and Disorder Act 1998 (sections 17A and 115). Every request is audited.
        </p>
      </div>
    </footer>
  );
}

/** Sign-in and other pages outside the session: header and footer only. */
export function PlainLayout() {
  useFocusOnRouteChange();
  return (
    <>
      <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
        Skip to main content
      </a>
      <Header signedIn={false} />
      <div className="govuk-width-container">
        <main className="govuk-main-wrapper" id="main-content" tabIndex={-1}>
          <UnavailableBanner />
          <Outlet />
        </main>
      </div>
      <Footer />
    </>
  );
}
