import { useEffect, useId, useState, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import type { CombinedError } from 'urql';
import { formatCount } from '../lib/format';
import { SUPPRESSED_TEXT } from '../lib/suppression';

/** The page's one h1; also the document title. Focus moves here on a route change. */
export function PageHeading({ title, caption }: { title: string; caption?: string }) {
  const { pathname } = useLocation();
  useEffect(() => {
    document.title = `${title} – Community Safety Data Hub`;
  }, [title]);
  return (
    <>
      {caption && <span className="govuk-caption-l">{caption}</span>}
      <h1 className="govuk-heading-l" tabIndex={-1} data-page-heading={pathname}>
        {title}
      </h1>
    </>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="govuk-body hub-loading" role="status" aria-live="polite">
      {what}…
    </p>
  );
}

/** Plain words for an API error: never raw JSON, never a blank page. */
export function errorMessages(error: CombinedError): string[] {
  if (error.graphQLErrors.length) {
    return [
      ...new Set(
        error.graphQLErrors.map((e) => {
          const code = e.extensions?.code;
          if (code === 'INTERNAL_SERVER_ERROR')
            return 'Something went wrong in the hub. Try again; if it keeps happening, tell your administrator.';
          if (code === 'QUERY_TIMEOUT')
            return 'The question took too long to answer. Narrow the period, areas or breakdown and try again.';
          return e.message;
        }),
      ),
    ];
  }
  if (error.networkError) return ['The hub could not be reached. Check your connection and try again.'];
  return [error.message];
}

export function ErrorSummary({
  title = 'There is a problem',
  messages,
  links,
}: {
  title?: string;
  messages?: string[];
  links?: { href: string; text: string }[];
}) {
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">{title}</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {links?.map((l) => (
              <li key={l.href + l.text}>
                <a href={l.href}>{l.text}</a>
              </li>
            ))}
            {messages?.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

/** An API error as a message on the page; UNAUTHENTICATED is handled by the session. */
export function ApiError({ error }: { error: CombinedError | undefined }) {
  if (!error) return null;
  if (error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED'))
    return <Loading what="Your session has ended: taking you to sign in" />;
  return <ErrorSummary messages={errorMessages(error)} />;
}

export function NotificationBanner({
  title = 'Important',
  children,
  success,
}: {
  title?: string;
  children: ReactNode;
  success?: boolean;
}) {
  const id = useId();
  return (
    <div
      className={`govuk-notification-banner${success ? ' govuk-notification-banner--success' : ''}`}
      role={success ? 'alert' : 'region'}
      aria-labelledby={id}
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id={id}>
          {title}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">{children}</div>
    </div>
  );
}

export function SuppressedTag() {
  return (
    <strong
      className="govuk-tag govuk-tag--grey hub-tag-small"
      title="Suppressed by disclosure control: see the note under the table"
    >
      {SUPPRESSED_TEXT}
    </strong>
  );
}

/** A published count: the number, "Suppressed" when withheld, "No data" when nothing was shared to count. */
export function Count({ value, suppressed }: { value: number | null | undefined; suppressed: boolean }) {
  if (suppressed) return <SuppressedTag />;
  if (value === null || value === undefined) return <span className="hub-no-data">No data</span>;
  return <>{formatCount(value)}</>;
}

/** Saves text or a Blob as a file. */
export function download(fileName: string, content: string | Blob, type = 'text/csv;charset=utf-8') {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function Button({
  children,
  onClick,
  secondary,
  warning,
  type = 'button',
  disabled,
}: {
  children: ReactNode;
  onClick?: () => void;
  secondary?: boolean;
  warning?: boolean;
  type?: 'button' | 'submit';
  disabled?: boolean;
}) {
  const cls = `govuk-button${secondary ? ' govuk-button--secondary' : ''}${warning ? ' govuk-button--warning' : ''}`;
  return (
    <button
      type={type}
      className={cls}
      data-module="govuk-button"
      onClick={onClick}
      disabled={disabled}
      aria-disabled={disabled || undefined}
    >
      {children}
    </button>
  );
}

/** Copies text, saying so for screen readers; where the clipboard is refused, selects the text to copy by hand. */
export function CopyButton({ text, label, inputId }: { text: string; label: string; inputId?: string }) {
  const [status, setStatus] = useState('');
  return (
    <>
      <button
        type="button"
        className="govuk-button govuk-button--secondary hub-button-inline"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(text);
            setStatus('Copied');
            setTimeout(() => setStatus(''), 3000);
          } catch {
            const input = inputId ? (document.getElementById(inputId) as HTMLInputElement | null) : null;
            input?.focus();
            input?.select();
            setStatus('Selected: press Ctrl+C to copy');
          }
        }}
      >
        {label}
      </button>
      <span role="status" className="govuk-body-s hub-copied">
        {status}
      </span>
    </>
  );
}

export function SummaryList({ rows }: { rows: { key: string; value: ReactNode }[] }) {
  return (
    <dl className="govuk-summary-list">
      {rows.map((r) => (
        <div className="govuk-summary-list__row" key={r.key}>
          <dt className="govuk-summary-list__key">{r.key}</dt>
          <dd className="govuk-summary-list__value">{r.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A table that may scroll sideways: a named region that takes focus, so the keyboard can scroll it. */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="hub-table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
