/**
 * Drives GraphiQL's editors (Monaco) the way a person would: focus, select all, insert text. Text is
 * inserted in one piece rather than typed key by key, so the editor's bracket auto-closing never
 * doubles a brace.
 */
import type { Locator, Page } from 'playwright-core';

const queryEditor = (page: Page): Locator => page.locator('section[aria-label="Operation Editor"] .monaco-editor');
/** The Monaco editor of the Variables/Headers panel showing now. */
const toolEditor = (page: Page): Locator => page.locator('section.graphiql-editor-tool .monaco-editor:visible');

async function replaceText(page: Page, editor: Locator, text: string): Promise<void> {
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

/**
 * Replaces the operation in the current tab with one named operation, and waits until GraphiQL has
 * parsed it (it names the tab after it): run before that, GraphiQL asks for the previous
 * operation's name and fails with "Cannot infer operation".
 */
export async function setGraphiQLQuery(page: Page, query: string): Promise<void> {
  const name = /^\s*(?:query|mutation|subscription)\s+(\w+)/.exec(query)?.[1];
  if (name === undefined) throw new Error(`give the operation a name: ${query}`);
  await replaceText(page, queryEditor(page), query);
  await page.locator('.graphiql-tab-button', { hasText: new RegExp(`^${name}$`) }).waitFor();
}

/**
 * Sets the request headers GraphiQL sends with every operation (its Headers editor), e.g.
 * `{ Authorization: 'Bearer <key>' }` for an API key. The page keeps them in the tab only
 * (shouldPersistHeaders is off), so a key typed here never lands in the browser's storage.
 */
export async function setGraphiQLHeaders(page: Page, headers: Readonly<Record<string, string>>): Promise<void> {
  await page.getByRole('button', { name: 'Headers', exact: true }).click();
  await replaceText(page, toolEditor(page), JSON.stringify(headers));
}

/** Runs the operation and waits for a result that contains `expected`; returns the result's text. */
export async function runGraphiQL(page: Page, expected: string | RegExp): Promise<string> {
  await page.getByRole('button', { name: /^Execute query/ }).click();
  const result = page.locator('section[aria-label="Result Window"]');
  await result.getByText(expected).first().waitFor({ timeout: 15_000 });
  // Monaco lays text out with non-breaking spaces.
  return (await result.innerText()).replace(/\u00a0/g, ' ');
}
