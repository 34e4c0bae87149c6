import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { kubernetesVersionRefusal } from '@internal/plugin-platform-common';

/** Stops the form on a version the registry's policy refuses today, saying why. */
export const kubernetesVersionValidation: CustomFieldValidator<string> = (
  value,
  validation,
) => {
  if (!value) return;
  const refusal = kubernetesVersionRefusal(value, new Date());
  if (refusal) validation.addError(refusal);
};
