import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';

/** Name templates use: `ui:field: PlatformCidrPicker`. */
export const CIDR_PICKER_FIELD_NAME = 'PlatformCidrPicker';

/** The VPC CIDR field of the New environment template. */
export const cidrPickerFormField = FormFieldBlueprint.make({
  name: 'platform-cidr-picker',
  params: {
    field: () =>
      import('./components/CidrPickerField').then(m =>
        createFormField({
          name: CIDR_PICKER_FIELD_NAME,
          component: m.CidrPickerField,
          validation: m.cidrPickerValidation,
        }),
      ),
  },
});

/** Name templates use: `ui:field: PlatformAddressPoolPicker`. */
export const ADDRESS_POOL_PICKER_FIELD_NAME = 'PlatformAddressPoolPicker';

/** The address pool field of the New environment template. */
export const addressPoolPickerFormField = FormFieldBlueprint.make({
  name: 'platform-address-pool-picker',
  params: {
    field: () =>
      import('./components/AddressPoolPickerField').then(m =>
        createFormField({
          name: ADDRESS_POOL_PICKER_FIELD_NAME,
          component: m.AddressPoolPickerField,
        }),
      ),
  },
});

/** Name templates use: `ui:field: PlatformKubernetesVersionPicker`. */
export const KUBERNETES_VERSION_FIELD_NAME = 'PlatformKubernetesVersionPicker';

/** The Kubernetes version field of the New environment template. */
export const kubernetesVersionFormField = FormFieldBlueprint.make({
  name: 'platform-kubernetes-version-picker',
  params: {
    field: () =>
      import('./components/KubernetesVersionField').then(m =>
        createFormField({
          name: KUBERNETES_VERSION_FIELD_NAME,
          component: m.KubernetesVersionField,
          validation: m.kubernetesVersionValidation,
        }),
      ),
  },
});

/**
 * The platform's scaffolder form fields, installed into the scaffolder plugin:
 * add it to the app's features.
 */
export const platformScaffolderFieldsModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [
    cidrPickerFormField,
    addressPoolPickerFormField,
    kubernetesVersionFormField,
  ],
});
