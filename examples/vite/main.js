// The tracker as an ES module: the click is captured at once; validation and delivery (the
// engine) are a separate chunk that Vite splits off and loads on the first sale.
import { createTracker } from 'dub-track';

const tracker = createTracker({
  publishableKey: import.meta.env.VITE_DUB_PUBLISHABLE_KEY,
  // Dub's API unless set (e.g. your own first-party endpoint).
  apiHost: import.meta.env.VITE_DUB_API_HOST || undefined,
});

document.querySelector('#click').textContent = tracker.getClickId() ?? 'none';

document.querySelector('#buy').addEventListener('click', async () => {
  const result = document.querySelector('#result');
  try {
    const { status } = await tracker.sale({
      customerExternalId: 'cus_demo',
      amount: 4900,
      currency: 'usd',
      invoiceId: `inv_${Date.now()}`,
      paymentProcessor: 'stripe',
    });
    result.textContent = `sale delivered (${status})`;
  } catch (error) {
    result.textContent = `${error.name}: ${error.message}`;
  }
});
