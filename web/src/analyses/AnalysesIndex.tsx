import { Link } from 'react-router';
import { PageHeading } from '../components/ui';
import { usePurpose, withPurpose } from '../components/purpose';
import { VIEWS } from '../lib/views';

const ANALYSES = [
  { spec: VIEWS.TREND, text: 'Counts per period over the years and the direction of travel, overall and by category.' },
  { spec: VIEWS.PEAK_TIMES, text: 'A heat map of day of the week against hour of the day.' },
  { spec: VIEWS.HOTSPOTS, text: 'The top areas in a period, with the change against the previous period.' },
  { spec: VIEWS.REPEAT_LOCATIONS, text: 'Places with the same kind of record again and again within a few days.' },
  { spec: VIEWS.REPEAT_VICTIMS, text: 'How many people have more than one record.' },
  {
    spec: VIEWS.CROSS_AGENCY,
    text: 'A&E assault attendances against police violence by area: the share unknown to the police.',
  },
  { spec: VIEWS.INDICATORS, text: 'Performance indicators against their targets, quarter by quarter.' },
];

export default function AnalysesIndex() {
  const [purpose] = usePurpose();
  return (
    <>
      <PageHeading title="Analyses" />
      <p className="govuk-body">
        Each analysis has a chart, a table and the sources behind it, and can be saved and shared.
      </p>
      <ul className="govuk-list hub-card-list">
        {ANALYSES.map((a) => (
          <li key={a.spec.view}>
            <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
              <Link className="govuk-link" to={withPurpose(a.spec.path, purpose)}>
                {a.spec.title}
              </Link>
            </h2>
            <p className="govuk-body">{a.text}</p>
          </li>
        ))}
      </ul>
      <p className="govuk-body">
        What counts as serious violence:{' '}
        <Link className="govuk-link" to="/analyses/serious-violence">
          the partnership’s serious violence definition
        </Link>
        .
      </p>
    </>
  );
}
