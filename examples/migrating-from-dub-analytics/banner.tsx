// Before: import { useAnalytics } from '@dub/analytics/react';
import { useAnalytics } from 'dub-track/react';

export function DiscountBanner() {
  const { partner, discount } = useAnalytics();
  if (!partner) return <p id="banner">no partner</p>;
  return (
    <p id="banner">
      {partner.name} gives you{' '}
      {discount ? `${discount.amount}${discount.type === 'percentage' ? '%' : ' cents'}` : 'no'} off
    </p>
  );
}
