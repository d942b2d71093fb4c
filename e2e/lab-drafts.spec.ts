import { expect, test, type Locator } from '@playwright/test';

// A draft started from the demo's shop/backend-api policy (server/policies/demo): a field
// broken in the editor is reported at its line, in the list and as a diagnostic on that
// line of the editor; fixed, saved, and the draft's own URL shows the saved text again.

/** The 1-based line of the first editor line whose text matches. */
async function lineNumber(editor: Locator, text: RegExp): Promise<number> {
  const lines = await editor.locator('.cm-line').allTextContents();
  const index = lines.findIndex((l) => text.test(l));
  expect(index, `a line matching ${text}`).toBeGreaterThanOrEqual(0);
  return index + 1;
}

test('a draft from a policy in force: broken at a line, fixed, saved and reloaded', async ({
  page,
}) => {
  await page.goto('/lab');
  await expect(page.getByTestId('nav-lab')).toHaveAttribute('aria-current', 'page');
  const name = `backend change ${Date.now()}`;
  await page.getByTestId('draft-new-name').fill(name);
  await page.getByTestId('draft-new-from').selectOption('CiliumNetworkPolicy/shop/backend-api');
  await page.getByTestId('draft-new').click();
  await expect(page).toHaveURL(/\/lab\/drafts\/[A-Za-z0-9_-]+$/);
  const url = page.url();

  const editor = page.getByTestId('draft-editor');
  await expect(editor).toHaveCount(1);
  await expect(editor.locator('.cm-content')).toContainText('name: backend-api');
  await expect(page.getByTestId('draft-no-problem')).toBeVisible();
  await expect(page.getByTestId('draft-preview-slot')).toBeAttached();

  // Misspell "ingress:" as "ingres:".
  const line = await lineNumber(editor, /^\s*ingress:\s*$/);
  await editor
    .locator('.cm-line')
    .nth(line - 1)
    .click();
  await page.keyboard.press('End');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(':');
  await expect(editor.locator('.cm-line').nth(line - 1)).toHaveText(/^\s*ingres:$/);

  const problem = page.getByTestId('draft-problem').filter({ hasText: 'spec.ingres' });
  await expect(problem).toHaveText(new RegExp(`^line ${line}: spec\\.ingres`));
  await expect(problem).toHaveAttribute('data-line', String(line));
  // The editor marks that very line.
  await expect(
    editor
      .locator('.cm-line')
      .nth(line - 1)
      .locator('.cm-lintRange-error'),
  ).toHaveText('ingres:');
  await expect(editor.locator('.cm-lintRange-error')).toHaveCount(
    await page.getByTestId('draft-problem').count(),
  );

  // Fix it, and change the description so the saved text differs from the policy in force.
  await page.keyboard.press('Backspace');
  await page.keyboard.type('s:');
  await expect(page.getByTestId('draft-no-problem')).toBeVisible();
  await expect(page.getByTestId('draft-problem')).toHaveCount(0);
  await expect(editor.locator('.cm-lintRange-error')).toHaveCount(0);
  const description = await lineNumber(editor, /^\s*description:/);
  await editor
    .locator('.cm-line')
    .nth(description - 1)
    .click();
  await page.keyboard.press('End');
  await page.keyboard.type(' Tried in the lab.');
  await expect(page.getByTestId('draft-save-state')).toHaveText('unsaved changes');

  await page.getByTestId('draft-save').click();
  await expect(page.getByTestId('draft-save-state')).toHaveText('saved with 0 problem(s)');

  await page.goto(url);
  await expect(page.getByTestId('draft-name')).toHaveValue(name);
  const reloaded = page.getByTestId('draft-editor');
  await expect(reloaded.locator('.cm-content')).toContainText('routes. Tried in the lab.');
  await expect(reloaded.locator('.cm-line').nth(line - 1)).toHaveText(/^\s*ingress:$/);
  await expect(page.getByTestId('draft-no-problem')).toBeVisible();

  await page.goto('/lab');
  await expect(page.getByTestId('draft-list-item').filter({ hasText: name })).toBeVisible();
});
