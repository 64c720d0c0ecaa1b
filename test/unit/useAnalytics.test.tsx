// useAnalytics(): Dub's hook, fed by window.DubAnalytics. It re-renders when the partner chunk
// says the data arrived or changed (the `dubtrack:partner` event).
import { act, createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { PARTNER_EVENT, showPartnerData } from '../../src/partner/partnerData.js';
import { useAnalytics } from '../../src/react.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

afterEach(() => {
  delete (window as { DubAnalytics?: unknown }).DubAnalytics;
  document.body.innerHTML = '';
});

const mount = () => {
  const renders: string[] = [];
  const Banner = () => {
    const { partner, discount } = useAnalytics();
    const text = partner ? `${partner.name} ${discount?.amount}` : 'no partner';
    renders.push(text);
    return text;
  };
  const element = document.createElement('div');
  document.body.append(element);
  const root = createRoot(element);
  act(() => root.render(createElement(Banner)));
  return { element, renders, root };
};

const JANE = { id: 'pn_1', name: 'Jane Partner', image: null };
const discount = (amount: number) => ({ id: 'd', amount, type: 'percentage', maxDuration: null });

describe('useAnalytics', () => {
  it('re-renders when the partner data arrives, and again when it changes', () => {
    const { element, renders, root } = mount();
    expect(element.textContent).toBe('no partner');
    act(() => showPartnerData({ partner: JANE, discount: discount(20) }));
    expect(element.textContent).toBe('Jane Partner 20');
    act(() => showPartnerData({ partner: JANE, discount: discount(30) }));
    expect(element.textContent).toBe('Jane Partner 30');
    expect(renders).toEqual(['no partner', 'Jane Partner 20', 'Jane Partner 30']);
    act(() => root.unmount());
  });

  it('shows data already there at mount (a later page, from the cookie)', () => {
    (window as { DubAnalytics?: unknown }).DubAnalytics = { partner: JANE, discount: null };
    const { element, root } = mount();
    expect(element.textContent).toBe('Jane Partner undefined');
    act(() => root.unmount());
  });

  it('stops listening once unmounted', () => {
    const { renders, root } = mount();
    act(() => root.unmount());
    const count = renders.length;
    act(() => {
      (window as { DubAnalytics?: unknown }).DubAnalytics = { partner: JANE, discount: null };
      dispatchEvent(new Event(PARTNER_EVENT));
    });
    expect(renders.length).toBe(count);
  });
});
