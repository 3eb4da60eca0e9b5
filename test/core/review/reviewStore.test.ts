// The console's review as a core store (issue 15: the review's reads live in core, not in ui/):
// one report over every backend of the record, kept as `latest` for the home markers.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createReviewStore } from '../../../source/core/review/reviewStore.js';
import { type StoryHarness, startStoryHarness } from '../../ui/screens/support/storyHarness.js';

let h: StoryHarness;
beforeAll(async () => {
  h = await startStoryHarness(3);
});
afterAll(() => h.close());

describe('createReviewStore', () => {
  it('reviews every backend of the record and tells the markers once the report is in', async () => {
    const store = createReviewStore({ airflow: h.airflow, databricks: h.databricks });
    const heard = vi.fn();
    store.subscribeLatest(heard);
    expect(store.latest()).toBeUndefined();
    await store.resource.refresh();
    const report = store.latest();
    expect(report).toBe(store.resource.getSnapshot().data);
    expect(heard).toHaveBeenCalledOnce();
    const kinds = new Set(report?.findings.map((finding) => finding.object.backend));
    expect(kinds).toEqual(new Set(['airflow', 'databricks']));
    store.dispose();
  });
});
