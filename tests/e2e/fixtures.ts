// The `test` every spec uses: Playwright's, with a page whose goto() and reload() return only once React has
// hydrated what the server sent. Before that a click or a fill is lost (the button has no handler yet, the input's
// state never hears of the text); with specs running side by side on a busy machine the scripts can lag the HTML by
// seconds, long enough for a test to act on a page that looks ready and is not.
import { test as base, type Page, type Response } from "@playwright/test";

export { expect } from "@playwright/test";

/** What Chromium answers for requests in flight when any interface on the host changes (even for loopback). */
const NETWORK_CHANGED = "net::ERR_NETWORK_CHANGED";

export const test = base.extend({
  page: async ({ page }, use) => {
    const goto = page.goto.bind(page);
    const reload = page.reload.bind(page);
    page.goto = (url, options) =>
      loadHydrated(
        page,
        () => goto(url, options),
        () => goto(url, options),
      );
    page.reload = (options) =>
      loadHydrated(
        page,
        () => reload(options),
        () => reload(options),
      );
    await use(page);
  },
});

/**
 * Loads and waits for hydration. Network namespaces created on the host by anything else (lab tests beside this
 * run) make Chromium drop a script or the page itself with ERR_NETWORK_CHANGED, so the page never hydrates; that
 * one cause, and no other, earns a second load, noted on the test.
 */
async function loadHydrated(page: Page, load: () => Promise<Response | null>, again: () => Promise<Response | null>): Promise<Response | null> {
  let dropped = false;
  const watch = (request: { failure(): { errorText: string } | null }) => {
    if (request.failure()?.errorText === NETWORK_CHANGED) dropped = true;
  };
  page.on("requestfailed", watch);
  try {
    const response = await load();
    await hydrated(page);
    return response;
  } catch (error) {
    if (!dropped && !String(error).includes(NETWORK_CHANGED)) throw error;
    base.info().annotations.push({ type: "network changed", description: `loaded ${page.url()} again after ${NETWORK_CHANGED}` });
  } finally {
    page.off("requestfailed", watch);
  }
  const response = await again();
  await hydrated(page);
  return response;
}

/**
 * React marks every element it has hydrated with a `__reactFiber$…` key. Waits until the page's controls (or, on a
 * page without any, its first element) carry one; the Next.js payload scripts outside React's tree are not looked at.
 */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const controls = [...document.querySelectorAll("a[href], button, input, select, textarea")];
      const first = document.querySelector("body > :not(script)");
      const elements = controls.length > 0 ? controls : first ? [first] : [];
      return elements.length > 0 && elements.every((element) => Object.keys(element).some((key) => key.startsWith("__reactFiber$")));
    },
    undefined,
    { timeout: 20_000 },
  );
}
