// The shop's own page script: each button makes one call and prints how it settled.
const inputs = {
  lead: { eventName: 'Sign up', customerExternalId: 'user_42', customerEmail: 'ada@example.com' },
  sale: { amount: 4900, currency: 'usd', customerExternalId: 'user_42', invoiceId: 'inv_42' },
  customer: { customerExternalId: 'user_42', customerName: 'Ada Lovelace' },
};
const log = (line) => {
  document.getElementById('log').textContent += `${line}\n`;
};

document.getElementById('click-id').textContent = window.dubTrack.getClickId() ?? 'none';
for (const button of document.querySelectorAll('button[data-call]')) {
  button.addEventListener('click', async () => {
    const kind = button.dataset.call;
    try {
      const result = await window.dubTrack[kind](inputs[kind]);
      log(`${kind}: ${result.status} ${JSON.stringify(result.data)}`);
    } catch (error) {
      log(`${kind}: ${error.name} ${error.message}`);
    }
  });
}
