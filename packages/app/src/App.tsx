import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { platformScaffolderFieldsModule } from '@internal/plugin-platform';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { signInModule } from './modules/signIn';

export default createApp({
  features: [
    catalogPlugin,
    navModule,
    homeModule,
    signInModule,
    // The New environment template's CIDR field (ui:field: PlatformCidrPicker).
    platformScaffolderFieldsModule,
  ],
});
