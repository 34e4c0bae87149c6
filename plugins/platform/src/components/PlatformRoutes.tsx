import { Route, Routes } from 'react-router-dom';
import { SpokeDetailPage } from './SpokeDetailPage';
import { SpokesPage } from './SpokesPage';

/** The plugin's page: the spoke list at its root, a spoke's detail below it. */
export function PlatformRoutes() {
  return (
    <Routes>
      <Route path="/" element={<SpokesPage />} />
      <Route path="/:name" element={<SpokeDetailPage />} />
    </Routes>
  );
}
