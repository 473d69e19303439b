import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import {
  CheckboxGroup,
  fieldErrorsOf,
  FormErrorSummary,
  RadioGroup,
  SelectField,
  TextField,
} from '../components/forms';
import { ApiError, Button, Loading, PageHeading } from '../components/ui';
import type { DraftAgreementInput, LegalBasis, Purpose, RecordField, Access, Grain } from '../gql/graphql';
import { addMonths, todayLondon } from '../lib/format';
import { PURPOSES, purposeLabel } from '../lib/purpose';
import { useSession } from '../session/session';
import { AgreementQuery, DraftAgreement, DraftFormOptionsQuery, UpdateAgreement } from './documents';
import { fieldName } from './terms';

const FIELDS = ['CATEGORY', 'TIME', 'LOCATION', 'AGE_BAND', 'SEX', 'DETAILS'] as const;
const GRAINS: Record<string, string[]> = {
  TIME: ['MINUTE', 'HOUR', 'DAY', 'MONTH'],
  LOCATION: ['GRID_100M', 'LSOA', 'OUTWARD_POSTCODE', 'WARD', 'LOCAL_AUTHORITY'],
};
const GRAIN_LABEL: Record<string, string> = {
  MINUTE: 'Minute',
  HOUR: 'Hour',
  DAY: 'Day',
  MONTH: 'Month',
  GRID_100M: '100 m grid square',
  LSOA: 'LSOA',
  OUTWARD_POSTCODE: 'Outward postcode',
  WARD: 'Ward',
  LOCAL_AUTHORITY: 'Local authority',
};

const LEGAL_BASES = [
  { value: 'S17A_DUTY', label: 'Section 17A duty (Crime and Disorder Act 1998)' },
  { value: 'S115_POWER', label: 'Section 115 power (Crime and Disorder Act 1998)' },
  {
    value: 'PCSC_S16_SVD',
    label: 'Section 16 disclosure for the Serious Violence Duty (Police, Crime, Sentencing and Courts Act 2022)',
  },
  { value: 'OTHER', label: 'Other' },
];
const S16_HINT =
  'Section 16 of the 2022 Act does not cover patient information or personal information held by a health or social care body: an agreement sharing health data that cites it must cite section 115 or 17A as well.';

export default function DraftAgreementPage() {
  const { account } = useSession();
  const navigate = useNavigate();
  const [{ data, error: loadError, fetching: loading }] = useQuery({ query: DraftFormOptionsQuery });
  const [search] = useSearchParams();
  // ?edit=<reference>: change a draft (the provider never changes: draft a new agreement for another).
  const editing = search.get('edit');
  const [{ data: existing, fetching: loadingExisting }] = useQuery({
    query: AgreementQuery,
    variables: { reference: editing ?? '' },
    pause: !editing,
    requestPolicy: 'network-only',
  });
  const [drafted, draft] = useMutation(DraftAgreement);
  const [updated, update] = useMutation(UpdateAgreement);
  const { error, fetching } = editing ? updated : drafted;
  const today = todayLondon();
  const [f, setF] = useState({
    title: '',
    reference: '',
    provider: account?.roles.includes('LIAISON_OFFICER') ? account.agency.code : '',
    datasets: [] as string[],
    recipients: [] as string[],
    purposes: [] as string[],
    legalBasis: 'S17A_DUTY',
    additionalLegalBases: [] as string[],
    minCellSize: '10',
    validFrom: today,
    validTo: addMonths(today, 12),
    reviewDate: addMonths(today, 6),
  });
  const [grants, setGrants] = useState<Record<string, { access: string; precision: string }>>({
    CATEGORY: { access: 'RECORD', precision: '' },
    TIME: { access: 'AGGREGATE', precision: 'MONTH' },
    LOCATION: { access: 'AGGREGATE', precision: 'WARD' },
    AGE_BAND: { access: 'NONE', precision: '' },
    SEX: { access: 'NONE', precision: '' },
    DETAILS: { access: 'NONE', precision: '' },
  });
  const [local, setLocal] = useState<Record<string, string>>({});
  const a = loadingExisting ? undefined : existing?.agreement;
  useEffect(() => {
    if (!a) return;
    setF({
      title: a.title,
      reference: a.reference,
      provider: a.provider.code,
      datasets: a.datasets.map((d) => d.key),
      recipients: a.recipients.map((r) => r.code),
      purposes: [...a.purposes],
      legalBasis: a.legalBasis,
      additionalLegalBases: [...a.additionalLegalBases],
      minCellSize: String(a.minCellSize),
      validFrom: a.validFrom,
      validTo: a.validTo,
      reviewDate: a.reviewDate,
    });
    setGrants((g) => {
      const next = { ...g };
      for (const k of FIELDS) next[k] = { access: 'NONE', precision: '' };
      for (const x of a.grants) next[x.field] = { access: x.access, precision: x.precision ?? '' };
      return next;
    });
  }, [a]);
  const set =
    <K extends keyof typeof f>(k: K) =>
    (v: (typeof f)[K]) =>
      setF((x) => ({ ...x, [k]: v }));
  const api = fieldErrorsOf(error);
  const errors = { ...api.fields, ...local };
  if (loading && !data) return <Loading />;
  const agencies = (data?.agencies ?? []).filter((a) => a.active);
  const providerDatasets = (data?.datasets ?? []).filter((d) => d.agency.code === f.provider);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!f.title.trim()) errs.title = 'Enter a title';
    if (!f.provider) errs.provider = 'Select the provider';
    if (!f.datasets.length) errs.datasets = 'Select at least one of the provider’s datasets';
    if (!f.recipients.length) errs.recipients = 'Select at least one recipient';
    if (!f.purposes.length) errs.purposes = 'Select at least one purpose';
    if (!/^\d+$/.test(f.minCellSize)) errs.minCellSize = 'Enter the minimum cell size as a whole number';
    setLocal(errs);
    if (Object.keys(errs).length) return;
    const input: DraftAgreementInput = {
      title: f.title.trim(),
      reference: f.reference.trim() || null,
      provider: f.provider,
      datasets: f.datasets,
      recipients: f.recipients,
      purposes: f.purposes as Purpose[],
      legalBasis: f.legalBasis as LegalBasis,
      additionalLegalBases: f.additionalLegalBases.filter((b) => b !== f.legalBasis) as LegalBasis[],
      minCellSize: Number(f.minCellSize),
      validFrom: f.validFrom,
      validTo: f.validTo,
      reviewDate: f.reviewDate,
      grants: FIELDS.filter((k) => grants[k].access !== 'NONE').map((k) => ({
        field: k as RecordField,
        access: grants[k].access as Access,
        precision: GRAINS[k] ? (grants[k].precision as Grain) : null,
      })),
    };
    if (editing) {
      const { provider: _provider, reference: _reference, ...changes } = input;
      void _provider;
      void _reference;
      const r = await update({ reference: editing, input: changes });
      if (r.data) navigate(`/agreements/${encodeURIComponent(editing)}`);
      return;
    }
    const r = await draft({ input });
    if (r.data) navigate(`/agreements/${encodeURIComponent(r.data.draftAgreement.reference)}`);
  }

  return (
    <>
      <Link
        to={editing ? `/agreements/${encodeURIComponent(editing)}` : '/agreements'}
        className="govuk-back-link hub-back"
      >
        {editing ? 'Back to the agreement' : 'Back to agreements'}
      </Link>
      <PageHeading
        title={editing ? 'Change the draft' : 'Draft an agreement'}
        caption={editing ?? 'Information sharing agreements'}
      />
      <p className="govuk-body">
        A draft grants nothing. The provider’s liaison officer approves it, then each recipient’s liaison officer
        accepts it; only then does the hub share anything under it.
      </p>
      <ApiError error={loadError} />
      <form onSubmit={submit} noValidate className="govuk-!-width-two-thirds hub-wide-form">
        <FormErrorSummary fields={errors} other={api.other} ids={{ grants: 'grant-CATEGORY' }} />
        <TextField id="title" label="Title" value={f.title} onChange={set('title')} error={errors.title} />
        {!editing && (
          <TextField
            id="reference"
            label="Reference (optional)"
            hint="For example ISA-2026-014. Left empty, the hub gives one."
            value={f.reference}
            onChange={set('reference')}
            error={errors.reference}
            width={20}
          />
        )}
        {editing ? (
          <div className="govuk-form-group">
            <h2 className="govuk-label govuk-label--s">Provider</h2>
            <p className="govuk-body">
              {agencies.find((x) => x.code === f.provider)?.name ?? f.provider}: the provider never changes (draft a new
              agreement instead).
            </p>
          </div>
        ) : (
          <SelectField
            id="provider"
            label="Provider"
            hint="The agency whose data is shared. An agency can share only its own datasets."
            value={f.provider}
            onChange={(v) =>
              setF((x) => ({ ...x, provider: v, datasets: [], recipients: x.recipients.filter((r) => r !== v) }))
            }
            empty="Choose the provider"
            options={agencies.map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }))}
            error={errors.provider}
          />
        )}
        <CheckboxGroup
          id="datasets"
          legend="Datasets shared"
          hint={f.provider ? undefined : 'Choose the provider first'}
          options={providerDatasets.map((d) => ({ value: d.key, label: `${d.name} (${d.key})` }))}
          values={f.datasets}
          onChange={set('datasets')}
          error={errors.datasets}
        />
        <CheckboxGroup
          id="recipients"
          legend="Recipients"
          options={agencies
            .filter((a) => a.code !== f.provider)
            .map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }))}
          values={f.recipients}
          onChange={set('recipients')}
          error={errors.recipients}
        />
        <CheckboxGroup
          id="purposes"
          legend="Purposes"
          hint="Data shared for one purpose is never available for another."
          options={PURPOSES.map((p) => ({ value: p, label: purposeLabel(p) }))}
          values={f.purposes}
          onChange={set('purposes')}
          error={errors.purposes}
        />
        <RadioGroup
          id="legalBasis"
          legend="Legal basis"
          hint={S16_HINT}
          options={LEGAL_BASES}
          value={f.legalBasis}
          onChange={set('legalBasis')}
          error={errors.legalBasis}
        />
        <CheckboxGroup
          id="additionalLegalBases"
          legend="Further legal bases (optional)"
          hint="Any other basis the agreement cites."
          options={LEGAL_BASES.filter((b) => b.value !== f.legalBasis)}
          values={f.additionalLegalBases.filter((b) => b !== f.legalBasis)}
          onChange={set('additionalLegalBases')}
          error={errors.additionalLegalBases}
        />
        <div className={`govuk-form-group${errors.grants ? ' govuk-form-group--error' : ''}`}>
          <fieldset className="govuk-fieldset" aria-describedby={errors.grants ? 'grants-error' : 'grants-hint'}>
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">What is shared of each field</legend>
            <div className="govuk-hint" id="grants-hint">
              Records need the category at record level. For time and location, the finest grain shared.
            </div>
            {errors.grants && (
              <p id="grants-error" className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {errors.grants}
              </p>
            )}
            {FIELDS.map((k) => (
              <div className="hub-inline-fields" key={k}>
                <SelectField
                  id={`grant-${k}`}
                  label={`${fieldName(k)}: access`}
                  value={grants[k].access}
                  onChange={(v) => setGrants((g) => ({ ...g, [k]: { ...g[k], access: v } }))}
                  options={[
                    { value: 'NONE', label: 'Not shared' },
                    { value: 'AGGREGATE', label: 'Counts only' },
                    { value: 'RECORD', label: 'Record level' },
                  ]}
                />
                {GRAINS[k] && grants[k].access !== 'NONE' && (
                  <SelectField
                    id={`grain-${k}`}
                    label={`${fieldName(k)}: finest grain`}
                    value={grants[k].precision}
                    onChange={(v) => setGrants((g) => ({ ...g, [k]: { ...g[k], precision: v } }))}
                    empty="Choose"
                    options={GRAINS[k].map((g) => ({ value: g, label: GRAIN_LABEL[g] }))}
                  />
                )}
              </div>
            ))}
          </fieldset>
        </div>
        <TextField
          id="minCellSize"
          label="Minimum cell size"
          hint="Counts drawn from the provider’s data below this are suppressed"
          value={f.minCellSize}
          onChange={set('minCellSize')}
          error={errors.minCellSize}
          width={4}
        />
        <TextField
          id="validFrom"
          label="Valid from"
          type="date"
          value={f.validFrom}
          onChange={set('validFrom')}
          error={errors.validFrom}
          width={10}
        />
        <TextField
          id="validTo"
          label="Valid to"
          type="date"
          value={f.validTo}
          onChange={set('validTo')}
          error={errors.validTo}
          width={10}
        />
        <TextField
          id="reviewDate"
          label="Review date"
          hint="Past this date the agreement grants nothing until its provider reviews it"
          type="date"
          value={f.reviewDate}
          onChange={set('reviewDate')}
          error={errors.reviewDate}
          width={10}
        />
        <Button type="submit" disabled={fetching}>
          {editing ? 'Save the changes' : 'Save the draft'}
        </Button>
      </form>
    </>
  );
}
