/**
 * Project files are checked for secrets before they are indexed: a folder
 * whose files hold a key and a connection string with a password is
 * indexed with placeholders in their place, the project's card says which
 * files and what was found, and a chat about such a file sends the model
 * the placeholder, never the secret.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures';
import { answer, answerRequests, answers, expectSettled, scriptAnswers, send } from './support/chat';
import { projectCard, removeDemoRepo, writeDemoRepo } from './support/projects';
import { accessibilityProblems } from './support/ui';

const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const DB_PASSWORD = 'S3cret!pw';
const SECRET_FILES: Record<string, string> = {
  'src/aws.ts': `export const s3 = new S3Client({\n  region: 'eu-west-1',\n  credentials: { accessKeyId: '${AWS_KEY}', secretAccessKey: process.env.AWS_SECRET! },\n});\n`,
  'deploy/db.yaml': `database:\n  url: postgres://app:${DB_PASSWORD}@db.internal:5432/shop\n  pool: 10\n`,
};

let repo: string;
test.beforeEach(() => {
  repo = writeDemoRepo();
  for (const [rel, content] of Object.entries(SECRET_FILES)) {
    fs.mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
    fs.writeFileSync(path.join(repo, rel), content);
  }
});
test.afterEach(() => removeDemoRepo(repo));

test('files with secrets are indexed with placeholders, the card says which and why, and the model never sees the secret', async ({
  page,
  openApp,
  seed,
  fake,
}) => {
  scriptAnswers(fake, [answer(/./, { content: 'The client reads the key from the config.' })]);
  await openApp('/projects/');
  await page.getByLabel('Upload a copy of a folder instead').setInputFiles(repo);
  const card = projectCard(page, 'demo-app');
  await expect(card.locator('[data-scan="done"]')).toBeVisible();

  const notice = card.getByTestId('redacted-files');
  await expect(notice.locator('summary')).toHaveText('Secrets replaced in 2 files before indexing');
  await notice.locator('summary').click();
  await expect(notice.locator('[data-redacted-path="deploy/db.yaml"]')).toHaveText('deploy/db.yaml: password in a URL');
  await expect(notice.locator('[data-redacted-path="src/aws.ts"]')).toHaveText('src/aws.ts: AWS access key');
  await expect(notice).toContainText('The files on disk are unchanged');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await notice.scrollIntoViewIfNeeded();
      await page.screenshot({ path: test.info().outputPath(`redacted-files-${width}-${scheme}.png`) });
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(await accessibilityProblems(page)).toEqual([]);

  // The index holds the files with placeholders: not one byte of either secret.
  const files = (await seed((t) => t.table('projectFiles'))) as { path: string; content: string }[];
  expect(files.find((f) => f.path === 'src/aws.ts')?.content).toBe(
    SECRET_FILES['src/aws.ts'].replace(AWS_KEY, '<AWS_KEY>'),
  );
  expect(files.find((f) => f.path === 'deploy/db.yaml')?.content).toContain('postgres://<CREDENTIALS>@db.internal');
  expect(JSON.stringify(files)).not.toContain(AWS_KEY);
  expect(JSON.stringify(files)).not.toContain(DB_PASSWORD);

  // A chat about the file: the model gets the placeholder.
  await card.getByRole('link', { name: 'New chat' }).click();
  await send(page, 'Why does @src/aws.ts fail to authenticate?');
  await expectSettled(answers(page).last());
  const system = answerRequests(fake).at(-1)?.system ?? '';
  expect(system).toContain('File: src/aws.ts');
  expect(system).toContain("accessKeyId: '<AWS_KEY>'");
  expect(JSON.stringify(fake.chatRequests())).not.toContain(AWS_KEY);
});
