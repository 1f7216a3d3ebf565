// Next.js forbids importing server-only modules from the browser; under vitest there is no browser.
export {};
