import { Content, Header, Page } from '@backstage/core-components';
import type { HomePageLayoutProps } from '@backstage/plugin-home-react/alpha';
import Grid from '@material-ui/core/Grid';

/**
 * A fixed home page: every widget (each renders its own card), in the order the app installs them.
 * The portal's front door should read the same for everyone, so the drag-and-drop
 * customisable default layout (which starts empty) is not used.
 */
export function PortalHomeLayout({ widgets }: HomePageLayoutProps) {
  return (
    <Page themeId="home">
      <Header title="Platform Portal" subtitle="Hub-and-spoke AWS estate" />
      <Content>
        <Grid container spacing={3}>
          {widgets.map(widget => (
            <Grid item xs={12} md={6} key={widget.node.spec.id}>
              {widget.component}
            </Grid>
          ))}
        </Grid>
      </Content>
    </Page>
  );
}
