import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { SelectField } from '../components/forms';
import { ApiError, Button, download, Loading, PageHeading, TableWrap } from '../components/ui';
import { humanise } from '../lib/format';
import { useSession } from '../session/session';
import { LsoaQuery, MyDatasetsQuery, TemplatesQuery } from './documents';
import { exampleCsv } from './template';

const TREATMENT: Record<string, string> = {
  STORED: 'Stored',
  HASHED: 'Kept only as a keyed hash',
  GENERALISED: 'Kept coarser',
  DERIVED: 'Used to work out another value, then discarded',
  CODED_OR_DROPPED: 'Reduced to a code, or dropped',
};

export default function TemplatesPage() {
  const { account } = useSession();
  const [search, setSearch] = useSearchParams();
  const [{ data, error, fetching }] = useQuery({ query: TemplatesQuery });
  const [{ data: ds }] = useQuery({ query: MyDatasetsQuery });
  const [{ data: areas }] = useQuery({ query: LsoaQuery });
  const mine = (ds?.datasets ?? []).filter((d) => d.agency.code === account?.agency.code);
  const defaultKind = mine[0]?.kind ?? data?.datasetTemplates[0]?.kind ?? '';
  const kind = search.get('kind') ?? defaultKind;
  const t = data?.datasetTemplates.find((x) => x.kind === kind);
  return (
    <>
      <Link to="/provider" className="govuk-back-link hub-back">
        Back to data uploads
      </Link>
      <PageHeading title="Templates" caption="Data provider" />
      <p className="govuk-body">
        The columns each kind of data takes, the values accepted, and what the hub keeps of each. Column names ignore
        case, spaces and hyphens. A column the template does not name refuses the whole file, so that nothing
        identifying arrives by mistake.
      </p>
      {fetching && !data && <Loading />}
      <ApiError error={error} />
      {data && (
        <div className="govuk-!-width-one-half">
          <SelectField
            id="template-kind"
            label="Kind of data"
            value={kind}
            onChange={(v) => {
              const s = new URLSearchParams(search);
              s.set('kind', v);
              setSearch(s);
            }}
            options={data.datasetTemplates.map((x) => ({
              value: x.kind,
              label: `${x.title}${mine.some((d) => d.kind === x.kind) ? ' (your agency’s)' : ''}`,
            }))}
          />
        </div>
      )}
      {t && (
        <>
          <h2 className="govuk-heading-m">{t.title}</h2>
          <p className="govuk-body">{t.description}</p>
          <p className="govuk-body">
            Submissions due {t.cadence === 'MONTHLY' ? 'monthly' : 'quarterly'}. Time kept to the{' '}
            {humanise(t.precision.time).toLowerCase()}
            {t.precision.location ? `, location to the ${humanise(t.precision.location)}` : ''}
            {t.precision.ageBand ? ', age as a band' : ''}. {t.locationRequired ? 'A location is required.' : ''}
          </p>
          <Button
            secondary
            onClick={() =>
              download(
                `hub-template-${t.kind.toLowerCase().replace(/_/g, '-')}-example.csv`,
                exampleCsv(t.columns, { lsoa: areas?.areas[0]?.code }),
              )
            }
          >
            Download an example file
          </Button>
          <TableWrap label={`Columns of ${t.title}`}>
            <table className="govuk-table hub-table">
              <caption className="govuk-table__caption govuk-table__caption--m">Columns</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  {['Column', 'Required', 'What it holds', 'Accepted values', 'What the hub keeps'].map((h) => (
                    <th key={h} scope="col" className="govuk-table__header">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {t.columns.map((c) => (
                  <tr className="govuk-table__row" key={c.name}>
                    <th scope="row" className="govuk-table__header">
                      <code>{c.name}</code>
                    </th>
                    <td className="govuk-table__cell">{c.required ? 'Yes' : 'No'}</td>
                    <td className="govuk-table__cell">
                      {c.description}
                      <div className="govuk-body-s">
                        {humanise(c.type)}, at most {c.maxLength} characters
                      </div>
                    </td>
                    <td className="govuk-table__cell">
                      {c.allowedValues?.length ? (
                        <details className="govuk-details govuk-!-margin-bottom-0">
                          <summary className="govuk-details__summary">
                            <span className="govuk-details__summary-text">
                              {c.allowedValues.length} values<span className="govuk-visually-hidden"> of {c.name}</span>
                            </span>
                          </summary>
                          <div className="govuk-details__text">
                            <ul className="govuk-list govuk-body-s">
                              {c.allowedValues.map((v) => (
                                <li key={v}>
                                  <code>{v}</code>
                                </li>
                              ))}
                            </ul>
                          </div>
                        </details>
                      ) : (
                        '–'
                      )}
                    </td>
                    <td className="govuk-table__cell">
                      <strong>{TREATMENT[c.treatment] ?? humanise(c.treatment)}</strong>
                      <div className="govuk-body-s">{c.note}</div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {t.rules.length > 0 && (
            <>
              <h3 className="govuk-heading-s">Rules</h3>
              <ul className="govuk-list govuk-list--bullet">
                {t.rules.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </>
  );
}
