// The root layout: <DubTrack /> takes the props of `<Analytics />` from `@dub/analytics/react`,
// so moving over changes this import and the component's name.
import { DubTrack } from 'dub-track/react';

export const metadata = { title: 'Shop (Next.js + dub-track)' };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>
        <DubTrack
          publishableKey={process.env.NEXT_PUBLIC_DUB_PUBLISHABLE_KEY}
          // Dub's API unless set (e.g. your own first-party endpoint).
          apiHost={process.env.NEXT_PUBLIC_DUB_API_HOST || undefined}
        />
        {children}
      </body>
    </html>
  );
}
