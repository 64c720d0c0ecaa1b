// dub-track/react: <DubTrack /> takes the props of `<Analytics />` from `@dub/analytics/react`;
// useDubTrack() gives the tracker to any component (null until it has started).

import { DubTrack, useDubTrack } from 'dub-track/react';
import { createElement as h, useState } from 'react';
import { createRoot } from 'react-dom/client';

function Checkout() {
  const tracker = useDubTrack();
  const [result, setResult] = useState('nothing yet');
  const buy = async () => {
    try {
      const { status } = await tracker.sale({
        customerExternalId: 'cus_demo',
        amount: 4900,
        invoiceId: `inv_${Date.now()}`,
      });
      setResult(`sale delivered (${status})`);
    } catch (error) {
      setResult(`${error.name}: ${error.message}`);
    }
  };
  return h(
    'main',
    null,
    h('h1', null, 'Checkout'),
    h('p', null, 'Click ID: ', h('output', { id: 'click' }, tracker?.getClickId() ?? 'none')),
    h('button', { id: 'buy', type: 'button', disabled: !tracker, onClick: buy }, 'Buy for $49'),
    h('p', null, 'Result: ', h('output', { id: 'result' }, result)),
  );
}

createRoot(document.querySelector('#root')).render(
  h(
    'div',
    null,
    h(DubTrack, {
      publishableKey: import.meta.env.VITE_DUB_PUBLISHABLE_KEY,
      apiHost: import.meta.env.VITE_DUB_API_HOST || undefined,
    }),
    h(Checkout),
  ),
);
