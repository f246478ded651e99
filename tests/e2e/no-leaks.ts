/**
 * "Nothing leaves the device", watched from outside the page: every request the context
 * makes (pages and service worker) to an origin other than the app's, and every
 * Content-Security-Policy violation (DOM events in pages, the console for workers).
 */
import { expect, type BrowserContext } from '@playwright/test';

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

export interface LeakWatch {
  /** Requests that went, or tried to go, to another origin. */
  offOrigin: string[];
  /** CSP violations seen so far, in every open page. */
  violations(): Promise<string[]>;
}

export async function watchForLeaks(context: BrowserContext, appOrigin: string): Promise<LeakWatch> {
  const offOrigin: string[] = [];
  const consoleViolations: string[] = [];
  context.on('request', (request) => {
    const url = new URL(request.url());
    // data: URLs are decoded in place and never fetched from anywhere.
    if (url.protocol !== 'data:' && url.origin !== appOrigin) offOrigin.push(`${request.method()} ${request.url()}`);
  });
  const watchConsole = (text: string) => {
    if (/Content Security Policy/i.test(text)) consoleViolations.push(text);
  };
  context.on('console', (message) => watchConsole(message.text()));
  context.on('weberror', (error) => watchConsole(error.error().message));
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations!.push(`${e.effectiveDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  return {
    offOrigin,
    async violations() {
      const inPages = await Promise.all(context.pages().map((p) => p.evaluate(() => window.__cspViolations ?? []).catch(() => [])));
      return [...inPages.flat(), ...consoleViolations];
    },
  };
}

/** Fails on any request to another origin or any CSP violation seen so far. */
export async function expectNoLeaks(leaks: LeakWatch): Promise<void> {
  expect(leaks.offOrigin, 'requests to another origin').toEqual([]);
  expect(await leaks.violations(), 'Content-Security-Policy violations').toEqual([]);
}
