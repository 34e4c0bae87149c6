/**
 * Frontend of the hub-and-spoke platform: the Spokes page, each spoke's checks and
 * history, and entity cards for spokes, their resources and the services on them.
 *
 * @packageDocumentation
 */
export { platformPlugin as default } from './plugin';
export * from './api';
export {
  requestRouteRef,
  requestsRouteRef,
  rootRouteRef,
  spokeRouteRef,
} from './routes';
export {
  ADDRESS_POOL_PICKER_FIELD_NAME,
  addressPoolPickerFormField,
  CIDR_PICKER_FIELD_NAME,
  cidrPickerFormField,
  KUBERNETES_VERSION_FIELD_NAME,
  kubernetesVersionFormField,
  platformScaffolderFieldsModule,
} from './scaffolderFields';
