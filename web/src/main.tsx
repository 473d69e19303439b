import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.scss';

// govuk-frontend styles some components (tabs, service navigation) only when its JS is "supported".
document.body.classList.add('govuk-frontend-supported', 'js-enabled');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
