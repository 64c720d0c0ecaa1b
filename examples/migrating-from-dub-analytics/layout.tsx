// Before: import { Analytics } from '@dub/analytics/react';
import { Analytics } from 'dub-track/react';
import { DiscountBanner } from './banner';
import { SignUp } from './signup';

export function Layout() {
  return (
    <>
      <DiscountBanner />
      <SignUp />
      <Analytics
        apiHost={import.meta.env.VITE_DUB_API_HOST || undefined}
        publishableKey="dub_pk_standin"
        domainsConfig={{ refer: 'refer.shop.test' }}
      />
    </>
  );
}
