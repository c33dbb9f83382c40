// Tests that use the server the global setup started.
import { expect, inject, test } from 'vitest';

test('the server the global setup started answers', async () => {
  const response = await fetch(`${inject('apiUrl')}/health`);
  expect(await response.json()).toEqual({ pid: inject('apiPid'), path: '/health' });
});
