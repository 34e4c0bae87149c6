import { useEffect } from 'react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  FieldExtensionComponentProps,
  scaffolderApiRef,
} from '@backstage/plugin-scaffolder-react';
import useAsync from 'react-use/esm/useAsync';

/** One pool as the `platform` autocomplete provider lists it. */
export interface AddressPoolOption {
  name: string;
  /** e.g. `main: 10.0.0.0/9 (97% free, 3 spokes)` */
  label: string;
}

/** The hub's address pools, the environment class's default first. */
export async function fetchAddressPools(
  scaffolderApi: {
    autocomplete?(request: {
      token: string;
      provider: string;
      resource: string;
      context: Record<string, string>;
    }): Promise<{ results: { id: string; title?: string }[] }>;
  },
  environmentClass?: string,
): Promise<AddressPoolOption[]> {
  if (!scaffolderApi.autocomplete) {
    throw new Error(
      'this scaffolder client cannot query autocomplete providers',
    );
  }
  const { results } = await scaffolderApi.autocomplete({
    token: 'unused',
    provider: 'platform',
    resource: 'address-pools',
    context: environmentClass ? { environmentClass } : {},
  });
  return results.map(r => ({ name: r.id, label: r.title ?? r.id }));
}

/**
 * `ui:field: PlatformAddressPoolPicker`: picks one of the hub's address pools
 * (`hub.yaml` `addressPlan.pools`), showing how full each is; starts on the
 * environment class's default pool.
 */
export const AddressPoolPickerField = (
  props: FieldExtensionComponentProps<string>,
) => {
  const {
    onChange,
    required,
    formData,
    rawErrors,
    idSchema,
    formContext,
    schema: { title = 'Address pool', description },
  } = props;
  const environmentClass = (
    formContext as { formData?: { environmentClass?: string } } | undefined
  )?.formData?.environmentClass;
  const scaffolderApi = useApi(scaffolderApiRef);
  const {
    value: pools,
    loading,
    error,
  } = useAsync(
    () => fetchAddressPools(scaffolderApi, environmentClass),
    [scaffolderApi, environmentClass],
  );

  useEffect(() => {
    if (pools && pools.length > 0 && !formData) onChange(pools[0].name);
  }, [pools, formData, onChange]);

  let helperText = description ?? '';
  if (loading) helperText = 'Reading the address pools from the registry…';
  if (error) {
    helperText = `Could not read the address pools (${error.message}); the server uses the default pool.`;
  }

  return (
    <TextField
      id={idSchema?.$id}
      select
      label={title}
      required={required}
      value={formData ?? ''}
      onChange={e => onChange(e.target.value)}
      error={Boolean(error) || (rawErrors?.length ?? 0) > 0}
      helperText={helperText}
      margin="normal"
      fullWidth
      SelectProps={{ inputProps: { 'aria-label': title } }}
      FormHelperTextProps={{ style: { marginLeft: 0 } }}
    >
      {(pools ?? []).map(p => (
        <MenuItem key={p.name} value={p.name}>
          {p.label}
        </MenuItem>
      ))}
    </TextField>
  );
};
