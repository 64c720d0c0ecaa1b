// @vitest-environment node
// inject() and dub-track/react during server rendering: no window, no document. Nothing may
// throw or start, and importing the entries must not touch globals.
import { describe, expect, it } from 'vitest';

describe('inject outside a browser', () => {
  it('returns undefined and defines nothing', async () => {
    const { inject } = await import('../../src/inject.js');
    expect(typeof document).toBe('undefined');
    expect(inject({ publishableKey: 'dub_pk_x' })).toBeUndefined();
    expect('dubTrack' in globalThis).toBe(false);
    expect('dubAnalytics' in globalThis).toBe(false);
  });

  it('imports dub-track/react without side effects', async () => {
    const before = Object.keys(globalThis).sort();
    const react = await import('../../src/react.js');
    expect(typeof react.DubTrack).toBe('function');
    expect(typeof react.useDubTrack).toBe('function');
    expect(Object.keys(globalThis).sort()).toEqual(before);
  });

  it('renders <DubTrack /> on the server as nothing, starting nothing', async () => {
    const { createElement } = await import('react');
    const { renderToString } = await import('react-dom/server');
    const { DubTrack } = await import('../../src/react.js');
    expect(renderToString(createElement(DubTrack, { publishableKey: 'dub_pk_x' }))).toBe('');
    expect('dubTrack' in globalThis).toBe(false);
  });

  it('renders a component with useAnalytics() on the server without partner, touching nothing', async () => {
    const { createElement } = await import('react');
    const { renderToString } = await import('react-dom/server');
    const { useAnalytics } = await import('../../src/react.js');
    const Banner = () => {
      const { partner, discount, trackClick } = useAnalytics();
      return `${partner?.name ?? 'no partner'} ${discount?.amount ?? '-'} ${typeof trackClick}`;
    };
    expect(renderToString(createElement(Banner))).toBe('no partner - function');
    expect('DubAnalytics' in globalThis).toBe(false);
  });
});
