import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { checkVpcCidr } from './checkVpcCidr';
import { addressRequestOf } from './addressRequest';
import { fetchVpcCidrs, VpcCidrs } from './useVpcCidrs';

/**
 * Stops the form on a block that is malformed, the wrong size, outside the chosen
 * pool or taken. When the registry cannot be read the form goes on: the server
 * validates again anyway.
 */
export const cidrPickerValidation: CustomFieldValidator<string> = async (
  value,
  validation,
  { apiHolder, formData },
) => {
  const request = addressRequestOf(formData);
  const scaffolderApi = apiHolder.get(scaffolderApiRef);
  let known: Pick<VpcCidrs, 'used' | 'pool'> = { used: [] };
  if (scaffolderApi) {
    try {
      known = await fetchVpcCidrs(scaffolderApi, request);
    } catch {
      known = { used: [] };
    }
  }
  const problem = checkVpcCidr(value, known.used, {
    size: request.size,
    pool: known.pool,
  });
  if (problem) validation.addError(problem);
};
