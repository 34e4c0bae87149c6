import { AddressRequest } from './useVpcCidrs';

/**
 * The pool, size and environment class the form has chosen so far, from the whole
 * form's data (the scaffolder passes it as `formContext.formData` to fields and as
 * `formData` to validators). Missing or malformed values mean "the registry default".
 */
export function addressRequestOf(formData: unknown): AddressRequest {
  const data =
    formData && typeof formData === 'object'
      ? (formData as Record<string, unknown>)
      : {};
  const size = Number(data.size);
  return {
    pool: typeof data.pool === 'string' && data.pool ? data.pool : undefined,
    size: data.size !== undefined && Number.isInteger(size) ? size : undefined,
    environmentClass:
      typeof data.environmentClass === 'string'
        ? data.environmentClass
        : undefined,
  };
}
