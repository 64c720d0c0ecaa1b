// The script-tag build's behaviour in a bundled app: `import 'dub-track/script'` defines
// `window.dubTrack` (and answers Dub's `dubAnalytics`) with the options of the tag above.
import 'dub-track/script';

document.querySelector('#click').textContent = window.dubTrack.getClickId() ?? 'none';

document.querySelector('#buy').addEventListener('click', async () => {
  const result = document.querySelector('#result');
  try {
    const { status } = await window.dubTrack.sale({
      customerExternalId: 'cus_demo',
      amount: 4900,
      invoiceId: `inv_${Date.now()}`,
    });
    result.textContent = `sale delivered (${status})`;
  } catch (error) {
    result.textContent = `${error.name}: ${error.message}`;
  }
});
