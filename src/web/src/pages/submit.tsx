/**
 * A provider submits an evaluation report or an extension request through a form generated
 * from the published JSON Schema of the form version; the hub validates, and its
 * problem+json errors are shown at the fields they name.
 */
import { useEffect, useState } from 'react';
import Form from '@rjsf/core';
import type { ErrorSchema, RJSFSchema, UiSchema, ValidatorType } from '@rjsf/utils';
import { TranslatableString, englishStringTranslator } from '@rjsf/utils';
import createPrecompiledValidator from '@rjsf/validator-ajv8/lib/createPrecompiledValidator.js';
import { validators } from 'virtual:form-validators';
import { api, ApiError, dutchMessage, type Page } from '../api';
import { prepareFormSchema } from '../forms/form-schema';
import { dutchUiSchema } from '../forms/dutch-ui';
import { FORM_WIDGETS, type FormContext } from '../forms/widgets';
import { Failure, Loading, ProblemMessage } from '../components/status';

interface SchemaItem {
  id: string;
  title: string;
  formVersion?: string;
}
interface Loaded {
  schema: RJSFSchema;
  ui: UiSchema;
  validator: ValidatorType;
}

const NL: Partial<Record<TranslatableString, string>> = {
  [TranslatableString.AddItemButton]: 'Toevoegen',
  [TranslatableString.AddButton]: 'Toevoegen',
  [TranslatableString.RemoveButton]: 'Verwijderen',
  [TranslatableString.MoveUpButton]: 'Omhoog',
  [TranslatableString.MoveDownButton]: 'Omlaag',
  [TranslatableString.CopyButton]: 'Kopiëren',
  [TranslatableString.YesLabel]: 'Ja',
  [TranslatableString.NoLabel]: 'Nee',
  [TranslatableString.ErrorsLabel]: 'Fouten',
  [TranslatableString.ArrayItemTitle]: 'Onderdeel',
  [TranslatableString.EmptyArray]: 'Nog niets; voeg er een toe met de knop hieronder.',
  [TranslatableString.OptionalObjectAdd]: 'Gegevens toevoegen',
  [TranslatableString.OptionalObjectRemove]: 'Gegevens verwijderen',
  [TranslatableString.OptionalObjectEmptyMsg]: 'Geen gegevens',
};
const translate = (s: TranslatableString, params?: string[]) =>
  englishStringTranslator((NL[s] ?? s) as TranslatableString, params);

/** The hub's field errors (JSON Pointers) as the form's error schema, so each shows at its field. */
export function errorSchemaOf(errors: { path: string; message: string }[]): ErrorSchema {
  const root: Record<string, unknown> = {};
  for (const e of errors) {
    let node = root;
    for (const part of e.path.split('/').filter(Boolean)) node = (node[part] ??= {}) as Record<string, unknown>;
    ((node.__errors ??= []) as string[]).push(dutchMessage(e.message));
  }
  return root as ErrorSchema;
}

async function loadForm(id: string): Promise<Loaded> {
  const schema = (await prepareFormSchema(id, (sid) => api(`/v1/schemas/${sid}`))) as RJSFSchema;
  const compiled = validators[id];
  if (!compiled) throw new Error(`Voor ${id} is geen formulier gebouwd.`);
  return {
    schema,
    ui: dutchUiSchema(schema) as UiSchema,
    validator: createPrecompiledValidator((await compiled()).default, schema),
  };
}

/** What a form starts from: a to-do item's allocation and period (a closing one for an `eindevaluatie`). */
export interface Start {
  kind: string;
  allocationNumber?: string;
  periodStart?: string;
  periodEnd?: string;
}

/** The form's first data: what the to-do item already knows, so nothing is typed twice. */
function startData({ kind, allocationNumber, periodStart, periodEnd }: Start): Record<string, unknown> {
  return {
    ...(allocationNumber ? { allocationNumber } : {}),
    ...(periodStart ? { periodStart } : {}),
    ...(periodEnd ? { periodEnd } : {}),
    ...(kind === 'eindevaluatie' ? { isClosing: true } : {}),
  };
}

export function SubmitPage(start: Start) {
  const { kind, allocationNumber, periodStart, periodEnd } = start;
  const evaluation = kind === 'evaluatie' || kind === 'eindevaluatie';
  const [schemas, setSchemas] = useState<SchemaItem[]>([]);
  const [id, setId] = useState(evaluation ? '' : 'extension-request.v1.json');
  const [form, setForm] = useState<Loaded>();
  const [data, setData] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<Error>();
  const [loadError, setLoadError] = useState<Error>();
  const [done, setDone] = useState<string>();
  useEffect(() => {
    setId(evaluation ? '' : 'extension-request.v1.json');
    setDone(undefined);
    setError(undefined);
    if (!evaluation) return;
    api<Page<SchemaItem>>('/v1/schemas').then((s) => {
      const forms = s.items.filter((i) => i.formVersion).sort((a, b) => b.formVersion!.localeCompare(a.formVersion!));
      setSchemas(forms);
      setId(forms[0]?.id ?? '');
    }, setLoadError);
  }, [evaluation]);
  useEffect(() => {
    if (!id) return;
    setForm(undefined);
    loadForm(id).then((f) => {
      setForm(f);
      setData(startData({ kind, allocationNumber, periodStart, periodEnd }));
    }, setLoadError);
  }, [id, kind, allocationNumber, periodStart, periodEnd]);
  if (loadError) return <Failure error={loadError} />;
  const submit = (formData: Record<string, unknown>) => {
    setError(undefined);
    setDone(undefined);
    api<{ id: string }>(evaluation ? '/v1/evaluations' : '/v1/extension-requests', {
      method: 'POST',
      body: formData,
    }).then(
      (r) => {
        setDone(r.id);
        setData(allocationNumber ? { allocationNumber } : {}); // the to-do item is done: its period is not asked again
        window.scrollTo(0, 0);
      },
      (e: Error) => {
        setError(e);
        window.scrollTo(0, 0);
      },
    );
  };
  const fieldErrors = error instanceof ApiError ? errorSchemaOf(error.problem.errors ?? []) : undefined;
  return (
    <>
      <h1>
        {kind === 'eindevaluatie'
          ? 'Eindevaluatie indienen'
          : evaluation
            ? 'Evaluatie indienen'
            : 'Verlenging aanvragen'}
      </h1>
      {evaluation && schemas.length > 0 && (
        <p>
          <label htmlFor="form-version">Formulierversie</label>{' '}
          <select id="form-version" value={id} onChange={(e) => setId(e.target.value)}>
            {schemas.map((s, i) => (
              <option key={s.id} value={s.id}>
                versie {s.formVersion}
                {i === 0 ? ' (nieuwste)' : ''}
              </option>
            ))}
          </select>
        </p>
      )}
      {done && (
        <p role="status" className="success">
          Ontvangen: {done}. De hub heeft het opgeslagen.
        </p>
      )}
      <ProblemMessage error={error} />
      {!form ? (
        <Loading />
      ) : (
        <Form
          schema={form.schema}
          uiSchema={form.ui}
          validator={form.validator}
          formData={data}
          onChange={(e) => setData(e.formData as Record<string, unknown>)}
          onSubmit={(e) => submit(e.formData as Record<string, unknown>)}
          extraErrors={fieldErrors}
          widgets={FORM_WIDGETS}
          formContext={{ allocationNumber: data.allocationNumber as string | undefined } satisfies FormContext}
          noValidate
          noHtml5Validate
          showErrorList={false}
          translateString={translate}
          idPrefix="f"
        />
      )}
    </>
  );
}
