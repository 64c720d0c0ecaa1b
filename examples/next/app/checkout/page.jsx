'use client';

import { useDubTrack } from 'dub-track/react';
import { useState } from 'react';

// The checkout: after payment, record the sale for the click the visitor came through.
export default function Checkout() {
  const tracker = useDubTrack();
  const [result, setResult] = useState('nothing yet');

  async function buy() {
    try {
      const { status } = await tracker.sale({
        customerExternalId: 'cus_demo',
        amount: 4900,
        invoiceId: `inv_${Date.now()}`,
        paymentProcessor: 'stripe',
      });
      setResult(`sale delivered (${status})`);
    } catch (error) {
      setResult(`${error.name}: ${error.message}`);
    }
  }

  return (
    <main>
      <h1>Checkout</h1>
      <p>
        Click ID: <output id="click">{tracker?.getClickId() ?? 'none'}</output>
      </p>
      <button id="buy" type="button" disabled={!tracker} onClick={buy}>
        Buy for $49
      </button>
      <p>
        Result: <output id="result">{result}</output>
      </p>
    </main>
  );
}
