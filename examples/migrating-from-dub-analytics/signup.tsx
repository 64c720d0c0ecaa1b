import { useState } from 'react';

export function SignUp() {
  const [state, setState] = useState('not yet');
  const signUp = async () => {
    // Dub's client-side lead tracking, unchanged.
    await window.dubAnalytics.trackLead({ eventName: 'Sign up', customerExternalId: 'user_jane' });
    setState('lead sent');
  };
  return (
    <p>
      <button id="signup" type="button" onClick={signUp}>
        Sign up
      </button>{' '}
      <output id="lead">{state}</output>
    </p>
  );
}
