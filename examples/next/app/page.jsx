import Link from 'next/link';

// A landing page: arrive through a Dub short link (`?dub_id=…`); the click is kept for checkout.
export default function Home() {
  return (
    <main>
      <h1>Shop</h1>
      <Link id="to-checkout" href="/checkout">
        Go to checkout
      </Link>
    </main>
  );
}
