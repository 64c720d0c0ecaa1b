import { createRoot } from 'react-dom/client';
import { Layout } from './layout';

const root = document.getElementById('root');
if (root) createRoot(root).render(<Layout />);
