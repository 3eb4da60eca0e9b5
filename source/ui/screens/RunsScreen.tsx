// Route 'runs': a workflow's runs × tasks grid, or its run list. The two share the route because
// both answer "how have this workflow's runs gone", but not their shape: the backend's runView
// capability says which one fits its runs.
import type { Route } from '../route.js';
import { RunList } from './parts/RunList.js';
import { TaskGrid } from './parts/TaskGrid.js';
import type { ScreenProps } from './ScreenProps.js';

export function RunsScreen(props: ScreenProps<Extract<Route, { screen: 'runs' }>>) {
  // Keyed by route: a new workflow starts with a fresh cursor even if React reuses this element.
  const key = `${props.route.backend}:${props.route.workflowId}:${props.route.focusRunId ?? ''}`;
  return props.session.backends[props.route.backend]?.capabilities.runView === 'taskGrid' ? (
    <TaskGrid key={key} {...props} />
  ) : (
    <RunList key={key} {...props} />
  );
}
