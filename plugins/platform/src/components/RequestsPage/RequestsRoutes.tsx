import { Route, Routes } from 'react-router-dom';
import { RequestDetailPage } from './RequestDetailPage';
import { RequestsPage } from './RequestsPage';

/** The Requests page at its root, one request's timeline below it. */
export function RequestsRoutes() {
  return (
    <Routes>
      <Route path="/" element={<RequestsPage />} />
      <Route path="/:id" element={<RequestDetailPage />} />
    </Routes>
  );
}
