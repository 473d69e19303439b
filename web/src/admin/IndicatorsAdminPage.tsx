import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import {
  CheckboxGroup,
  fieldErrorsOf,
  FormErrorSummary,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
} from '../components/forms';
import { ApiError, Button, Loading, PageHeading, TableWrap } from '../components/ui';
import { graphql } from '../gql';
import type { DatasetKind } from '../gql/graphql';
import { humanise, todayLondon } from '../lib/format';
import { recentQuarters } from '../provider/template';
import { BackToAdmin, DATASET_KINDS, useOutcome } from './common';

const IndicatorsQuery = graphql(`
  query ConsoleIndicatorDefinitions {
    indicatorDefinitions {
      key
      name
      description
      better
      kinds
      categories
      subcategories
    }
  }
`);
const DefineIndicator = graphql(`
  mutation ConsoleDefineIndicator($input: IndicatorInput!) {
    defineIndicator(input: $input) {
      key
      name
    }
  }
`);
const SetTarget = graphql(`
  mutation ConsoleSetIndicatorTarget($key: String!, $quarter: String!, $target: Float!) {
    setIndicatorTarget(key: $key, quarter: $quarter, target: $target) {
      key
      quarter
      target
    }
  }
`);

/** "2026-Q4" -> "2026-10-01", the first day of the quarter, as setIndicatorTarget takes it. */
export function quarterStart(q: string): string {
  const [y, n] = q.split('-Q').map(Number);
  return `${y}-${String((n - 1) * 3 + 1).padStart(2, '0')}-01`;
}

const splitList = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

export default function IndicatorsAdminPage() {
  const [{ data, error, fetching }, refetch] = useQuery({ query: IndicatorsQuery });
  const [defined, define] = useMutation(DefineIndicator);
  const [, setTarget] = useMutation(SetTarget);
  const { banner, run } = useOutcome();
  const [form, setForm] = useState({
    key: '',
    name: '',
    description: '',
    better: 'LOWER',
    kinds: [] as string[],
    categories: '',
  });
  const quarters = [...recentQuarters(todayLondon(), 2)].reverse().concat([]);
  const next = (() => {
    const [y, n] = quarters[quarters.length - 1].split('-Q').map(Number);
    return n === 4 ? `${y + 1}-Q1` : `${y}-Q${n + 1}`;
  })();
  const [target, setT] = useState({ key: '', quarter: quarters[quarters.length - 1], value: '' });
  const errs = fieldErrorsOf(defined.error);
  return (
    <>
      <BackToAdmin />
      <PageHeading title="Indicators and targets" caption="Administration" />
      {banner}
      {fetching && !data && <Loading />}
      <ApiError error={error} />
      {data && (
        <TableWrap label="Indicators">
          <table className="govuk-table hub-table">
            <caption className="govuk-table__caption govuk-table__caption--m">
              {data.indicatorDefinitions.length} indicators
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                {['Key', 'Name', 'Better when', 'Kinds of data', 'Categories'].map((h) => (
                  <th key={h} scope="col" className="govuk-table__header">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {data.indicatorDefinitions.map((i) => (
                <tr className="govuk-table__row" key={i.key}>
                  <th scope="row" className="govuk-table__header">
                    {i.key}
                  </th>
                  <td className="govuk-table__cell">
                    {i.name}
                    {i.description && <div className="govuk-body-s">{i.description}</div>}
                  </td>
                  <td className="govuk-table__cell">{i.better === 'LOWER' ? 'Lower' : 'Higher'}</td>
                  <td className="govuk-table__cell">{(i.kinds ?? []).map(humanise).join(', ') || 'Any'}</td>
                  <td className="govuk-table__cell">
                    {[...(i.categories ?? []), ...(i.subcategories ?? [])].map(humanise).join(', ') || 'Any'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <div className="govuk-grid-row">
        <form
          className="govuk-grid-column-one-half"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void run(
              setTarget({ key: target.key, quarter: quarterStart(target.quarter), target: Number(target.value) }),
              (d) => `Target for ${d.setIndicatorTarget.key} in ${target.quarter}: ${d.setIndicatorTarget.target}.`,
            );
          }}
        >
          <h2 className="govuk-heading-m">Set a quarterly target</h2>
          <SelectField
            id="target-key"
            label="Indicator"
            value={target.key}
            onChange={(v) => setT({ ...target, key: v })}
            empty="Choose an indicator"
            options={(data?.indicatorDefinitions ?? []).map((i) => ({ value: i.key, label: i.name }))}
          />
          <SelectField
            id="target-quarter"
            label="Quarter"
            value={target.quarter}
            onChange={(v) => setT({ ...target, quarter: v })}
            options={[...quarters, next].map((q) => ({ value: q, label: q }))}
          />
          <TextField
            id="target-value"
            label="Target"
            hint="The count aimed for in the quarter"
            value={target.value}
            onChange={(v) => setT({ ...target, value: v.replace(/[^0-9.]/g, '') })}
            width={5}
          />
          <Button type="submit">Set the target</Button>
        </form>
        <form
          className="govuk-grid-column-one-half"
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await define({
              input: {
                key: form.key.trim(),
                name: form.name.trim(),
                description: form.description.trim() || null,
                better: form.better,
                kinds: form.kinds.length ? (form.kinds as DatasetKind[]) : null,
                categories: splitList(form.categories).length ? splitList(form.categories) : null,
              },
            });
            if (r.data) refetch({ requestPolicy: 'network-only' });
          }}
        >
          <h2 className="govuk-heading-m">Define an indicator</h2>
          <FormErrorSummary
            fields={errs.fields}
            other={errs.other}
            ids={{
              key: 'ind-key',
              name: 'ind-name',
              better: 'ind-better',
              kinds: 'ind-kinds',
              categories: 'ind-categories',
            }}
          />
          {defined.data && (
            <p className="govuk-body" role="status">
              Saved {defined.data.defineIndicator.name}.
            </p>
          )}
          <TextField
            id="ind-key"
            label="Key"
            hint="Lower-case, e.g. night-time-violence. Defining an existing key changes it."
            value={form.key}
            onChange={(v) => setForm({ ...form, key: v })}
            error={errs.fields.key}
          />
          <TextField
            id="ind-name"
            label="Name"
            value={form.name}
            onChange={(v) => setForm({ ...form, name: v })}
            error={errs.fields.name}
          />
          <TextArea
            id="ind-description"
            label="Description (optional)"
            value={form.description}
            onChange={(v) => setForm({ ...form, description: v })}
            rows={2}
          />
          <RadioGroup
            id="ind-better"
            legend="Better when"
            inline
            options={[
              { value: 'LOWER', label: 'Lower' },
              { value: 'HIGHER', label: 'Higher' },
            ]}
            value={form.better}
            onChange={(v) => setForm({ ...form, better: v })}
            error={errs.fields.better}
          />
          <CheckboxGroup
            id="ind-kinds"
            legend="Kinds of data counted (none: any)"
            options={DATASET_KINDS.map((k) => ({ value: k, label: humanise(k) }))}
            values={form.kinds}
            onChange={(v) => setForm({ ...form, kinds: v })}
            error={errs.fields.kinds}
          />
          <TextField
            id="ind-categories"
            label="Categories (optional)"
            hint="Codes separated by commas, e.g. VIOLENCE_AGAINST_THE_PERSON"
            value={form.categories}
            onChange={(v) => setForm({ ...form, categories: v })}
            error={errs.fields.categories}
          />
          <Button type="submit" disabled={defined.fetching}>
            Save the indicator
          </Button>
        </form>
      </div>
    </>
  );
}
