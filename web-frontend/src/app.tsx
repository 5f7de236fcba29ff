import { LocationProvider, Route, Router } from 'preact-iso/router';
import { Layout } from './components/Layout';
import { About } from './pages/About';
import { Home } from './pages/Home';
import { NotFound } from './pages/NotFound';

/** Links under /api (such as the API docs) are left to the browser: the server serves them. */
const APP_LINKS = /^\/(?!api(?:[/?#]|$))/;

/** After client-side navigation, move focus to the new page so screen readers announce it. */
function focusMain(): void {
  document.getElementById('main')?.focus();
}

export function App() {
  return (
    <LocationProvider scope={APP_LINKS}>
      <Layout>
        <Router onRouteChange={focusMain}>
          <Route path="/" component={Home} />
          <Route path="/about" component={About} />
          <Route default component={NotFound} />
        </Router>
      </Layout>
    </LocationProvider>
  );
}
