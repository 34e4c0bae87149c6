import { useEffect, useMemo } from 'react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  allowedKubernetesVersions,
  findKubernetesVersion,
  KUBERNETES_VERSION_POLICY,
} from '@internal/plugin-platform-common';

/** The choices on a day: the registry policy's versions, each with its end of standard support. */
export function kubernetesVersionOptions(
  on: Date,
): Array<{ value: string; label: string }> {
  return allowedKubernetesVersions(on).map(version => ({
    value: version,
    label: `${version} (standard support until ${
      findKubernetesVersion(version)!.endOfStandardSupport
    })`,
  }));
}

/**
 * `ui:field: PlatformKubernetesVersionPicker`: the Kubernetes versions the registry's
 * policy allows for a new spoke today (EKS standard support), read from the one EKS
 * calendar in platform-common; the newest is preselected. The server checks again.
 */
export const KubernetesVersionField = (
  props: FieldExtensionComponentProps<string>,
) => {
  const {
    onChange,
    required,
    formData,
    rawErrors,
    idSchema,
    schema: { title = 'Kubernetes version', description },
  } = props;
  const options = useMemo(() => kubernetesVersionOptions(new Date()), []);
  const newest = options[0]?.value;

  useEffect(() => {
    if (newest && !formData) onChange(newest);
  }, [newest, formData, onChange]);

  const help =
    options.length === 0
      ? 'No Kubernetes version is in EKS standard support today: the EKS calendar in platform-common needs its newest versions.'
      : `Versions in EKS standard support today (the registry allows a new spoke only these; warnings start ${
          KUBERNETES_VERSION_POLICY.warningDays
        } days before the end).${description ? ` ${description}` : ''}`;

  return (
    <TextField
      id={idSchema?.$id}
      select
      label={title}
      required={required}
      value={formData ?? ''}
      onChange={e => onChange(e.target.value as string)}
      error={options.length === 0 || (rawErrors?.length ?? 0) > 0}
      helperText={help}
      margin="normal"
      fullWidth
      SelectProps={{ 'aria-label': title } as any}
      FormHelperTextProps={{ style: { marginLeft: 0 } }}
    >
      {options.map(o => (
        <MenuItem key={o.value} value={o.value}>
          {o.label}
        </MenuItem>
      ))}
    </TextField>
  );
};
