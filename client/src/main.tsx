import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './ui/global.css';

const root = document.getElementById('root');
if (!root) throw new Error('Circle: #root is missing from index.html');

createRoot(root).render(
  <StrictMode>
    <App pathname={window.location.pathname} />
  </StrictMode>,
);
